/**
 * Identity linking by the contract: one employeeID, looked up in each provider. Absorb is asked
 * first for names because its users are looked up in batches anyway; Ruangkerja's directory
 * answers one employee per request, so it is asked only when Absorb and SelfCommunity cannot say.
 */
import type { Identity } from '../domain/model.js';
import type { AbsorbUserRecord, RuangkerjaUserRecord } from '../providers/api.js';
import type { ProviderError } from '../providers/errors.js';
import type { Loaders } from './index.js';
import { settle, type Outcome } from './outcome.js';
import type { RuangkerjaKnownUser } from './ruangkerja.js';

export function absorbUser(loaders: Loaders, employeeID: string): Promise<Outcome<AbsorbUserRecord | null>> {
  return settle('absorb', loaders.absorb, () => loaders.absorb!.userByEmployeeID.load(employeeID));
}

export function communityMemberships(loaders: Loaders, employeeID: string) {
  return settle('selfcommunity', loaders.selfcommunity, () => loaders.selfcommunity!.membershipsOf(employeeID));
}

/** Ruangkerja's knowledge of the person: a roster line read in this request, else the directory. */
export function ruangkerjaUser(loaders: Loaders, employeeID: string): Promise<Outcome<RuangkerjaKnownUser | RuangkerjaUserRecord | null>> {
  return settle('ruangkerja', loaders.ruangkerja, async () => {
    const known = loaders.ruangkerja!.rosterUser(employeeID);
    return known ?? (await loaders.ruangkerja!.directoryUser.load(employeeID));
  });
}

export function ruangkerjaDirectoryUser(loaders: Loaders, employeeID: string): Promise<Outcome<RuangkerjaUserRecord | null>> {
  return settle('ruangkerja', loaders.ruangkerja, () => loaders.ruangkerja!.directoryUser.load(employeeID));
}

export class PersonUnknowable extends Error {
  constructor(readonly failures: ProviderError[]) {
    super('could not tell whether the person exists');
  }
}

/**
 * Whether any provider knows the person. A provider that failed leaves the answer open: if no
 * healthy provider knows the person, the failure is raised instead of answering "nobody".
 */
export async function personExists(loaders: Loaders, employeeID: string, options: { eager?: boolean; nameAsked?: boolean } = {}): Promise<boolean> {
  // Cheapest first: a hit in Absorb (one batched round trip) answers without asking Ruangkerja's
  // directory. SelfCommunity's member pages are read beside Absorb only when the query will read
  // them anyway (`eager`: the person's enrollments or identities are asked), else only on a miss.
  const communityEarly = options.eager ? communityMemberships(loaders, employeeID) : undefined;
  const absorb = await absorbUser(loaders, employeeID);
  if (absorb.ok && absorb.value !== null) return true;
  // The name of someone Absorb does not know comes from Ruangkerja (personName): when the query
  // asks for it, that lookup is made now, beside SelfCommunity's answer rather than after it. The
  // same requests, one wait fewer on a team page's critical path.
  const ruangkerjaEarly = options.nameAsked ? ruangkerjaUser(loaders, employeeID) : undefined;
  const community = await (communityEarly ?? communityMemberships(loaders, employeeID));
  if (community.ok && community.value.length > 0) return true;
  const ruangkerja = await (ruangkerjaEarly ?? ruangkerjaUser(loaders, employeeID));
  if (ruangkerja.ok && ruangkerja.value !== null) return true;
  const failures = [absorb, community, ruangkerja].flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
  const realFailures = failures.filter((error) => error.endpoint !== '(not configured)');
  if (realFailures.length > 0) throw new PersonUnknowable(realFailures);
  return false;
}

export interface Resolved<T> {
  value: T;
  /** Providers that failed before the value was found: reported beside the answer. */
  failures: ProviderError[];
}

function fullName(user: AbsorbUserRecord): string | null {
  const name = [user.firstName, user.lastName].filter((part) => part !== null && part.trim() !== '').join(' ').trim();
  return name === '' ? null : name;
}

const nonEmpty = (value: string | null | undefined): string | null => (value === null || value === undefined || value.trim() === '' ? null : value);

/** Name from the first provider that has it: Absorb, Ruangkerja, SelfCommunity. */
export async function personName(loaders: Loaders, employeeID: string): Promise<Resolved<string | null>> {
  const failures: ProviderError[] = [];
  const absorb = await absorbUser(loaders, employeeID);
  if (absorb.ok && absorb.value && fullName(absorb.value)) return { value: fullName(absorb.value), failures };
  if (!absorb.ok) failures.push(absorb.error);
  const ruangkerja = await ruangkerjaUser(loaders, employeeID);
  if (ruangkerja.ok && nonEmpty(ruangkerja.value?.name)) return { value: nonEmpty(ruangkerja.value?.name), failures };
  if (!ruangkerja.ok) failures.push(ruangkerja.error);
  const community = await communityMemberships(loaders, employeeID);
  if (!community.ok) failures.push(community.error);
  const realName = community.ok ? community.value.map((m) => nonEmpty(m.realName)).find((name) => name !== null) : undefined;
  return { value: realName ?? null, failures };
}

/** Email from the first provider that has it: Absorb, then Ruangkerja's directory. */
export async function personEmail(loaders: Loaders, employeeID: string): Promise<Resolved<string | null>> {
  const failures: ProviderError[] = [];
  const absorb = await absorbUser(loaders, employeeID);
  if (absorb.ok && nonEmpty(absorb.value?.emailAddress)) return { value: nonEmpty(absorb.value?.emailAddress), failures };
  if (!absorb.ok) failures.push(absorb.error);
  const ruangkerja = await ruangkerjaDirectoryUser(loaders, employeeID);
  if (ruangkerja.ok) return { value: nonEmpty(ruangkerja.value?.email), failures };
  failures.push(ruangkerja.error);
  return { value: null, failures };
}

/** Every provider where the person was found, in provider order. */
export async function personIdentities(loaders: Loaders, employeeID: string): Promise<Resolved<Identity[]>> {
  const [ruangkerja, absorb, community] = await Promise.all([
    ruangkerjaUser(loaders, employeeID),
    absorbUser(loaders, employeeID),
    communityMemberships(loaders, employeeID),
  ]);
  const identities: Identity[] = [];
  if (ruangkerja.ok && ruangkerja.value) {
    const nativeId = loaders.ruangkerja?.userKey === 'serial' ? ruangkerja.value.serial : ruangkerja.value.employeeID;
    identities.push({ provider: 'ruangkerja', nativeId, name: ruangkerja.value.name, email: 'email' in ruangkerja.value ? ruangkerja.value.email : null });
  }
  if (absorb.ok && absorb.value) {
    identities.push({ provider: 'absorb', nativeId: absorb.value.id, name: fullName(absorb.value), email: absorb.value.emailAddress });
  }
  const membership = community.ok ? community.value[0] : undefined;
  if (membership) identities.push({ provider: 'selfcommunity', nativeId: String(membership.memberId), name: membership.realName, email: null });
  const failures = [ruangkerja, absorb, community].flatMap((outcome) => (outcome.ok ? [] : [outcome.error]));
  return { value: identities, failures };
}
