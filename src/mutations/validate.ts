/**
 * Checks of mutation input, run before any upstream request. Each check records a user error on
 * the field at fault (and answers null), so one answer lists every problem of the input at once;
 * the values checks answer are used only when `ok` is still true.
 * Enums and the DateTime format are already enforced by GraphQL itself (a bad value never
 * reaches a resolver); what is checked here is what the schema cannot say.
 */
import type { UserError } from '../generated/graphql.js';
import { InvalidIdError, assertEmployeeID, parseAbsorbId, parseCourseId, parseEnrollmentId } from '../domain/ids.js';
import { userError, type FieldPath } from './user-errors.js';

/** Longest idempotency key: room for a UUID with a prefix, not for a document. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Most enrollments one `unenroll` removes: one request body, one all-or-nothing decision. */
export const MAX_UNENROLL_IDS = 100;
/** Clock skew allowed for "not in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

export class InputCheck {
  readonly errors: UserError[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  get ok(): boolean {
    return this.errors.length === 0;
  }

  fail(field: FieldPath | null, message: string, code: UserError['code'] = 'INVALID_VALUE'): null {
    this.errors.push(userError(field, message, code));
    return null;
  }

  employeeID(value: string, field: FieldPath): string | null {
    return this.parse(field, () => assertEmployeeID(value));
  }

  /** `absorb:<guid>` of any Absorb object; the guid, lower-cased. */
  absorbId(value: string, field: FieldPath, what: string): string | null {
    return this.parse(field, () => parseAbsorbId(value, what));
  }

  /** A course id of any provider is well formed; only an Absorb one can be written to. */
  absorbCourseId(value: string, field: FieldPath): string | null {
    const key = this.parse(field, () => parseCourseId(value));
    if (key === null) return null;
    if (key.provider !== 'absorb') return this.fail(field, `Only Absorb courses can be enrolled in through this API; ${value} is a ${key.provider} course`, 'NOT_SUPPORTED');
    return key.nativeId;
  }

  /** Like absorbCourseId, for an enrollment id. */
  absorbEnrollmentId(value: string, field: FieldPath): string | null {
    const key = this.parse(field, () => parseEnrollmentId(value));
    if (key === null) return null;
    if (key.provider !== 'absorb') return this.fail(field, `Only Absorb enrollments can be changed through this API; ${value} is a ${key.provider} enrollment`, 'NOT_SUPPORTED');
    return key.enrollmentId;
  }

  /** A percentage 0–100 (null passes through: it clears the value where that is allowed). */
  percent(value: number | null | undefined, field: FieldPath): number | null | undefined {
    if (value === null || value === undefined) return value;
    if (!Number.isFinite(value) || value < 0 || value > 100) return this.fail(field, `must be between 0 and 100 (got ${value})`);
    return value;
  }

  nonNegative(value: number | null | undefined, field: FieldPath): number | null | undefined {
    if (value === null || value === undefined) return value;
    if (!Number.isFinite(value) || value < 0) return this.fail(field, `must be 0 or more (got ${value})`);
    return value;
  }

  /** An instant as Absorb takes it (UTC with milliseconds); `notFuture` refuses one past now. */
  instant(value: string | null | undefined, field: FieldPath, options: { notFuture?: boolean } = {}): string | null | undefined {
    if (value === null || value === undefined) return value;
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) return this.fail(field, 'must be an ISO-8601 date-time');
    if (options.notFuture === true && ms > this.now() + FUTURE_TOLERANCE_MS) return this.fail(field, 'must not be in the future');
    return new Date(ms).toISOString();
  }

  /** `later` must not be before `earlier` (both already checked). */
  order(earlier: string | null | undefined, later: string | null | undefined, field: FieldPath, message: string): void {
    if (earlier && later && Date.parse(later) < Date.parse(earlier)) this.fail(field, message);
  }

  /** A client's idempotency key: 1–200 printable ASCII characters; null when not given. */
  idempotencyKey(value: string | null | undefined): string | null {
    if (value === null || value === undefined) return null;
    if (value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH || !PRINTABLE_ASCII.test(value)) {
      return this.fail(['idempotencyKey'], `must be 1–${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters`);
    }
    return value;
  }

  /** A non-null value for a field GraphQL declares nullable only so that it may be left out. */
  notNull<T>(value: T | null | undefined, field: FieldPath): T | undefined {
    if (value === null) {
      this.fail(field, 'cannot be null; leave it out to keep the current value');
      return undefined;
    }
    return value;
  }

  private parse<T>(field: FieldPath, run: () => T): T | null {
    try {
      return run();
    } catch (error) {
      if (error instanceof InvalidIdError) return this.fail(field, error.message, 'INVALID_ID');
      throw error;
    }
  }
}
