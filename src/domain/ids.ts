/**
 * Readable, stable global ids (see the contract): the same id always names the same thing, and an
 * id says which provider can answer for it. Parsing rejects anything malformed before it can reach
 * an upstream URL.
 */

export class InvalidIdError extends Error {
  constructor(
    readonly id: string,
    expected: string,
  ) {
    super(`"${id.length > 80 ? `${id.slice(0, 80)}…` : id}" is not a valid id: expected ${expected}`);
    this.name = 'InvalidIdError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ruangkerja serials and employee ids: letters, digits and a few separators, bounded length. */
const RUANGKERJA_TOKEN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMPLOYEE_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
const COMMUNITY_ID = /^[1-9]\d{0,9}$/;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

export function assertEmployeeID(employeeID: string): string {
  if (!EMPLOYEE_ID.test(employeeID)) {
    throw new InvalidIdError(employeeID, 'an employeeID of 1–64 letters, digits, ".", "_", "@" or "-"');
  }
  return employeeID;
}

export function assertRuangkerjaSerial(serial: string, what = 'a Ruangkerja serial'): string {
  if (!RUANGKERJA_TOKEN.test(serial)) throw new InvalidIdError(serial, `${what} of 1–64 letters, digits, ".", "_" or "-"`);
  return serial;
}

export const userId = (employeeID: string): string => `user:${employeeID}`;

export type CourseKey =
  | { provider: 'ruangkerja'; nativeId: string }
  | { provider: 'absorb'; nativeId: string }
  | { provider: 'selfcommunity'; nativeId: number };

export const courseId = (course: CourseKey): string => `${course.provider}:${course.nativeId}`;

export function parseCourseId(id: string): CourseKey {
  const expected = '"ruangkerja:<course serial>", "absorb:<course guid>" or "selfcommunity:<course number>"';
  const separator = id.indexOf(':');
  const provider = id.slice(0, separator);
  const nativeId = id.slice(separator + 1);
  if (separator > 0) {
    if (provider === 'ruangkerja' && RUANGKERJA_TOKEN.test(nativeId)) return { provider, nativeId };
    if (provider === 'absorb' && GUID.test(nativeId)) return { provider, nativeId: nativeId.toLowerCase() };
    if (provider === 'selfcommunity' && COMMUNITY_ID.test(nativeId)) return { provider, nativeId: Number(nativeId) };
  }
  throw new InvalidIdError(id, expected);
}

export const batchId = (courseSerial: string, batchSerial: string): string => `ruangkerja:${courseSerial}:${batchSerial}`;

export const absorbId = (guid: string): string => `absorb:${guid}`;

export function parseAbsorbId(id: string, what: string): string {
  const guid = id.startsWith('absorb:') ? id.slice('absorb:'.length) : '';
  if (!GUID.test(guid)) throw new InvalidIdError(id, `"absorb:<${what} guid>"`);
  return guid.toLowerCase();
}

export const ruangkerjaEnrollmentId = (employeeID: string, courseSerial: string, batchSerial?: string): string =>
  batchSerial === undefined ? `ruangkerja:${employeeID}:${courseSerial}` : `ruangkerja:${employeeID}:${courseSerial}:${batchSerial}`;

export const communityMembershipId = (courseId: number, memberId: number): string => `selfcommunity:${courseId}:${memberId}`;

export type EnrollmentKey =
  | { provider: 'ruangkerja'; employeeID: string; courseSerial: string; batchSerial: string | null }
  | { provider: 'absorb'; enrollmentId: string }
  | { provider: 'selfcommunity'; courseId: number; memberId: number };

export function parseEnrollmentId(id: string): EnrollmentKey {
  const parts = id.split(':');
  const [provider] = parts;
  if (provider === 'absorb' && parts.length === 2) return { provider, enrollmentId: parseAbsorbId(id, 'enrollment') };
  if (provider === 'ruangkerja' && (parts.length === 3 || parts.length === 4)) {
    const [, employeeID = '', courseSerial = '', batchSerial] = parts;
    if (EMPLOYEE_ID.test(employeeID) && RUANGKERJA_TOKEN.test(courseSerial) && (batchSerial === undefined || RUANGKERJA_TOKEN.test(batchSerial))) {
      return { provider, employeeID, courseSerial, batchSerial: batchSerial ?? null };
    }
  }
  if (provider === 'selfcommunity' && parts.length === 3) {
    const [, courseId = '', memberId = ''] = parts;
    if (COMMUNITY_ID.test(courseId) && COMMUNITY_ID.test(memberId)) return { provider, courseId: Number(courseId), memberId: Number(memberId) };
  }
  throw new InvalidIdError(
    id,
    '"absorb:<enrollment guid>", "ruangkerja:<employeeID>:<courseSerial>[:<batchSerial>]" or "selfcommunity:<courseId>:<memberId>"',
  );
}
