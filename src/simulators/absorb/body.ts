import { validationError } from './errors.js';
import { EMPTY_GUID, isGuid, isoSeconds } from './ids.js';
import { parseDateTimeLiteral } from './odata-lexer.js';

/**
 * Reads a JSON request body the way ASP.NET binds one: property names case-insensitively, each
 * property checked against its type, every problem collected so one 400 lists them all. A value
 * of `undefined` from a reader means "not given" (so an update leaves the field alone).
 */
export class BodyReader {
  readonly problems: string[] = [];
  private readonly values = new Map<string, unknown>();

  constructor(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationError(['body: must be a JSON object (send Content-Type: application/json)']);
    }
    for (const [key, value] of Object.entries(body)) this.values.set(key.toLowerCase(), value);
  }

  private raw(name: string): unknown {
    return this.values.get(name.toLowerCase());
  }

  /** Throws the collected 400, if any. */
  done(): void {
    if (this.problems.length > 0) throw validationError(this.problems);
  }

  /** A guid; `required` also refuses null and the empty guid. Answers it lower-cased. */
  guid(name: string, required = false): string | null | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) {
      if (required) this.problems.push(`${name}: is required and must be a non-empty guid`);
      return value;
    }
    if (!isGuid(value) || (required && value === EMPTY_GUID)) {
      this.problems.push(required ? `${name}: is required and must be a non-empty guid` : `${name}: must be a guid`);
      return undefined;
    }
    return value.toLowerCase();
  }

  /** An integer, not null; the caller checks its range, as range errors may be a 422. */
  integer(name: string, required = false): number | undefined {
    const value = this.raw(name);
    if (value === undefined) {
      if (required) this.problems.push(`${name}: is required`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problems.push(`${name}: must be an integer`);
      return undefined;
    }
    return value;
  }

  number(name: string): number | null | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problems.push(`${name}: must be a number`);
      return undefined;
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.problems.push(`${name}: must be true or false`);
      return undefined;
    }
    return value;
  }

  /** A date-time, answered in the dataset's form (`2024-03-05T09:15:00Z`). */
  dateTime(name: string): string | null | undefined {
    const value = this.raw(name);
    if (value === undefined || value === null) return value;
    const ms = typeof value === 'string' ? (parseDateTimeLiteral(value) ?? Date.parse(value)) : Number.NaN;
    if (Number.isNaN(ms)) {
      this.problems.push(`${name}: must be an ISO-8601 date-time`);
      return undefined;
    }
    return isoSeconds(ms);
  }
}
