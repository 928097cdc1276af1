/**
 * Who is asking, and what they may read. Built once per request by the auth middleware and put
 * on the GraphQL context as `caller`.
 *
 * JWT claims (see docs/operations.md "Caller authentication"):
 * - `sub` (required): the caller's subject, shown in logs.
 * - `scope`: OAuth 2 style, a space-separated string (or an array of strings, as some identity
 *   providers send in `scp`). `learning:read:all` lets the caller read every employee;
 *   `learning:write` sets `canWrite`, which every mutation requires (src/mutations/authorize.ts).
 * - `employee_id` (a string) and/or `employee_ids` (an array of strings): the employees a caller
 *   without `learning:read:all` may read. A learner's token carries their own id; a manager's
 *   the ids of the team. A token with neither may read no employee.
 * API keys are for trusted services (dashboard back ends): they read every employee and cannot write.
 */

/** `all`, or exactly these employeeIDs. */
export type EmployeeScope = 'all' | ReadonlySet<string>;

export interface Caller {
  kind: 'anonymous' | 'apiKey' | 'jwt';
  /** API key name, JWT `sub`, or `anonymous`: safe to log, never a credential. */
  subject: string;
  scope: { employeeIDs: EmployeeScope };
  canWrite: boolean;
}

export const SCOPE_READ_ALL = 'learning:read:all';
export const SCOPE_WRITE = 'learning:write';

/** Ids in claims are bounded, so one token cannot make every scope check walk a huge set. */
const MAX_SCOPED_EMPLOYEES = 10_000;

/** Used when authentication is not required and no credential was sent (demo mode). */
export const ANONYMOUS_CALLER: Caller = Object.freeze({
  kind: 'anonymous',
  subject: 'anonymous',
  scope: Object.freeze({ employeeIDs: 'all' as const }),
  canWrite: false,
});

export function apiKeyCaller(name: string): Caller {
  return { kind: 'apiKey', subject: `apikey:${name}`, scope: { employeeIDs: 'all' }, canWrite: false };
}

export class InvalidClaimsError extends Error {
  constructor(readonly reason: string) {
    super(`token claims are not acceptable: ${reason}`);
    this.name = 'InvalidClaimsError';
  }
}

function scopesOf(claims: Record<string, unknown>): Set<string> {
  const scopes = new Set<string>();
  for (const claim of [claims.scope, claims.scp]) {
    if (typeof claim === 'string') claim.split(/\s+/).filter(Boolean).forEach((s) => scopes.add(s));
    else if (Array.isArray(claim)) claim.filter((s): s is string => typeof s === 'string').forEach((s) => scopes.add(s));
  }
  return scopes;
}

function employeeIdsOf(claims: Record<string, unknown>): Set<string> {
  const ids = new Set<string>();
  const { employee_id: single, employee_ids: many } = claims;
  if (single !== undefined) {
    if (typeof single !== 'string' || single === '') throw new InvalidClaimsError('employee_id must be a non-empty string');
    ids.add(single);
  }
  if (many !== undefined) {
    if (!Array.isArray(many) || !many.every((id): id is string => typeof id === 'string' && id !== '')) {
      throw new InvalidClaimsError('employee_ids must be an array of non-empty strings');
    }
    if (many.length > MAX_SCOPED_EMPLOYEES) throw new InvalidClaimsError(`employee_ids holds more than ${MAX_SCOPED_EMPLOYEES} ids`);
    many.forEach((id) => ids.add(id));
  }
  return ids;
}

/** The caller a verified token describes; throws InvalidClaimsError for malformed claims. */
export function callerFromClaims(claims: Record<string, unknown>): Caller {
  const subject = claims.sub;
  if (typeof subject !== 'string' || subject === '') throw new InvalidClaimsError('sub is missing');
  const scopes = scopesOf(claims);
  return {
    kind: 'jwt',
    subject,
    scope: { employeeIDs: scopes.has(SCOPE_READ_ALL) ? 'all' : employeeIdsOf(claims) },
    canWrite: scopes.has(SCOPE_WRITE),
  };
}
