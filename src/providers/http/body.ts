/**
 * Reading upstream bodies: JSON parsing that can tell "empty" from "malformed" (a plain
 * `JSON.parse` cannot, and its errors quote the body), large bodies a list item at a time
 * (json-pieces.ts), the one-line description of a schema mismatch (path and expectation, never
 * the offending value), and the validation messages of a rejected request.
 */
import type { z } from 'zod';
import { parseJsonPiecewise, PIECEWISE_MIN_BYTES } from './json-pieces.js';
import { scrubSecrets } from './redact.js';

export type ParsedBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'malformed' };

export function parseJsonBody(raw: Buffer): ParsedBody {
  if (raw.length >= PIECEWISE_MIN_BYTES) {
    try {
      return { kind: 'json', value: parseJsonPiecewise(raw) };
    } catch {
      // Below, to tell a blank body from a malformed one (a rare case, parsed twice).
    }
  }
  const text = raw.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) as unknown };
  } catch {
    // The SyntaxError is dropped on purpose: V8 quotes the body in it.
    return { kind: 'malformed' };
  }
}

/** The value a schema validates: an empty body is `undefined`, so a schema can accept "no content". */
export function bodyValue(body: ParsedBody): unknown {
  return body.kind === 'json' ? body.value : undefined;
}

/** `users[3].id`; `(root)` for the body itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let result = '';
  for (const key of path) {
    if (typeof key === 'number') result += `[${key}]`;
    else result += result === '' ? String(key) : `.${String(key)}`;
  }
  return result === '' ? '(root)' : result;
}

/**
 * `users[3].id: expected string`. For type mismatches the text is built here from the expected
 * type alone; other issue messages are zod's or the schema author's, scrubbed in case one quotes
 * the input.
 */
export function describeFirstIssue(error: z.ZodError, secrets: readonly string[]): string {
  const issue = error.issues[0];
  if (issue === undefined) return '(root): invalid';
  const expectation = issue.code === 'invalid_type' ? `expected ${issue.expected}` : scrubSecrets(issue.message, secrets);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more issue${error.issues.length > 2 ? 's' : ''})` : '';
  return `${formatIssuePath(issue.path)}: ${truncate(expectation, 200)}${more}`;
}

const MAX_VALIDATIONS = 20;
const MAX_VALIDATION_LENGTH = 300;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** One validation entry: a string, or an object naming a field and a message. */
function describeValidation(entry: unknown): string | undefined {
  const text = stringOf(entry);
  if (text !== undefined) return text;
  if (!isRecord(entry)) return undefined;
  const message = stringOf(entry.message) ?? stringOf(entry.errorMessage) ?? stringOf(entry.description);
  const field = stringOf(entry.propertyName) ?? stringOf(entry.field) ?? stringOf(entry.property) ?? stringOf(entry.key);
  if (message === undefined) return field;
  return field === undefined ? message : `${field}: ${message}`;
}

/**
 * The messages explaining why an upstream rejected a request, from the shapes our upstreams use:
 * Absorb `{validations, code, message, term}`, Django REST (SelfCommunity) `{detail}` or
 * `{field: [messages]}`, Ruangkerja `{errorCode, message, detail}`. Every message is scrubbed of
 * the given secrets and of credential-shaped text, truncated, and at most 20 are kept.
 */
export function extractValidations(body: unknown, secrets: readonly string[]): string[] {
  const found: string[] = [];
  if (typeof body === 'string') found.push(body);
  else if (Array.isArray(body)) for (const entry of body) pushDefined(found, describeValidation(entry));
  else if (isRecord(body)) {
    for (const key of ['validations', 'errors']) {
      const list = body[key];
      if (Array.isArray(list)) for (const entry of list) pushDefined(found, describeValidation(entry));
    }
    pushDefined(found, stringOf(body.message));
    pushDefined(found, stringOf(body.detail));
    if (found.length === 0) {
      // Django REST field errors: {"limit": ["Ensure this value is less than 100."]}
      for (const [field, value] of Object.entries(body)) {
        if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
          for (const message of value) found.push(`${field}: ${String(message)}`);
        }
      }
    }
  }
  return [...new Set(found)]
    .slice(0, MAX_VALIDATIONS)
    .map((message) => truncate(scrubSecrets(message, secrets), MAX_VALIDATION_LENGTH));
}

function pushDefined(list: string[], value: string | undefined): void {
  if (value !== undefined) list.push(value);
}
