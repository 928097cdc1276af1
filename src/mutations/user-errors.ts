/**
 * Expected failures of a mutation, returned as data (`userErrors`) rather than GraphQL errors: a
 * client can show each one next to the input field it names. Only the input and the records'
 * state cause them; outages stay GraphQL errors with `code` and `provider`.
 *
 * Absorb's own refusals become user errors here: 400 (its validations, `property: problem` each)
 * → INVALID_VALUE on the input field that carries the property, 404 → NOT_FOUND, 409/422 (the
 * request is well formed but the record's state refuses it) → CONFLICT with Absorb's message,
 * on the field its wording points at when a `conflictBy` pattern matches.
 */
import type { UserError, UserErrorCode } from '../generated/graphql.js';
import { ProviderError } from '../providers/errors.js';

/** Path to an input field: `['input', 'score']`, `['enrollmentIds', '2']`. */
export type FieldPath = readonly string[];

export function userError(field: FieldPath | null, message: string, code: UserErrorCode): UserError {
  return { field: field === null ? null : [...field], message, code };
}

/** Where Absorb's refusals of one mutation point in its input. */
export interface RefusalFields {
  /**
   * For a 404: the field naming what Absorb did not find, and what to say. A 404 carries no
   * message we keep, so each mutation looks up what it can first (the employee, the enrollment)
   * and leaves one candidate here.
   */
  notFound: FieldPath | null;
  notFoundMessage: string;
  /** For a 409/422: the field the conflict is about, unless a `conflictBy` pattern matches its message. */
  conflict: FieldPath | null;
  conflictBy?: readonly (readonly [RegExp, FieldPath])[];
  /** For a 400: Absorb's body or query property (case-insensitive) → the input field that carries it. */
  properties?: Readonly<Record<string, FieldPath>>;
}

/** Absorb's generic 400 headline, which says nothing its validations do not. */
const GENERIC_HEADLINE = /^one or more validation errors occurred\.?$/i;

/** `courseId: is required …` → ['courseId', 'is required …']. */
function splitProperty(validation: string): [string, string] | null {
  const match = /^([A-Za-z_][A-Za-z0-9_.[\]]{0,80}):\s*(.+)$/s.exec(validation);
  return match?.[1] === undefined || match[2] === undefined ? null : [match[1], match[2]];
}

function fieldOfProperty(property: string, fields: RefusalFields): FieldPath | null {
  const wanted = property.toLowerCase();
  for (const [name, field] of Object.entries(fields.properties ?? {})) if (name.toLowerCase() === wanted) return field;
  return null;
}

/** True when an upstream refused the request (did not act): the mutation answers user errors. */
export function isRefusal(error: unknown): error is ProviderError {
  return error instanceof ProviderError && (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND');
}

/** Absorb's refusal as user errors on the fields of this mutation's input. */
export function userErrorsFromRefusal(error: ProviderError, fields: RefusalFields): UserError[] {
  const validations = (error.validations ?? []).filter((text) => text.trim() !== '');
  if (error.code === 'NOT_FOUND') return [userError(fields.notFound, fields.notFoundMessage, 'NOT_FOUND')];
  if (error.upstreamStatus === 400) {
    const specific = validations.filter((text) => !GENERIC_HEADLINE.test(text));
    const messages = specific.length > 0 ? specific : validations;
    if (messages.length === 0) return [userError(null, 'Absorb refused the input', 'INVALID_VALUE')];
    return messages.map((text) => {
      const split = splitProperty(text);
      return split === null ? userError(null, text, 'INVALID_VALUE') : userError(fieldOfProperty(split[0], fields), text, 'INVALID_VALUE');
    });
  }
  const message = validations.length > 0 ? validations.join(' ') : 'Absorb refused the change in the current state of the record';
  const field = fields.conflictBy?.find(([pattern]) => pattern.test(message))?.[1] ?? fields.conflict;
  return [userError(field, message, 'CONFLICT')];
}
