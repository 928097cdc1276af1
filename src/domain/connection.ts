/**
 * Relay-style connections over fully read lists. Upstream lists are read to the end (so
 * `totalCount` is exact), then sliced here; cursors are opaque offsets into the ordered list.
 */
import type { Enrollment, WebinarEnrollment } from './model.js';


export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  totalCount: number;
  edges: Edge<T>[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

export class InvalidPageError extends Error {
  constructor(
    readonly argument: 'first' | 'after',
    message: string,
  ) {
    super(message);
    this.name = 'InvalidPageError';
  }
}

const CURSOR_PREFIX = 'o:';

export function encodeCursor(offset: number): string {
  return Buffer.from(`${CURSOR_PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const offset = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : Number.NaN;
  if (!Number.isSafeInteger(offset) || offset < 0 || encodeCursor(offset) !== cursor) {
    throw new InvalidPageError('after', `"after" is not a cursor this server issued`);
  }
  return offset;
}

export function validateFirst(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw new InvalidPageError('first', `"first" must be between 1 and ${MAX_PAGE_SIZE} (got ${size})`);
  }
  return size;
}

/** Checks `first` and `after` before any upstream is asked. */
export function validatePage(args: { first?: number | null; after?: string | null }): { first: number; offset: number } {
  const first = validateFirst(args.first);
  const offset = args.after === null || args.after === undefined ? 0 : decodeCursor(args.after) + 1;
  return { first, offset };
}

export function connectionFrom<T>(items: readonly T[], page: { first: number; offset: number }): Connection<T> {
  return connectionFromStart(items, items.length, page);
}

/**
 * A page of a list of `total` items of which only the first ones are at hand (a paged upstream
 * list whose first page is in): the page must lie within them, or be cut short where they end.
 */
export function connectionFromStart<T>(start: readonly T[], total: number, page: { first: number; offset: number }): Connection<T> {
  const slice = start.slice(page.offset, page.offset + page.first);
  return {
    totalCount: total,
    edges: slice.map((node, index) => ({ cursor: encodeCursor(page.offset + index), node })),
    hasNextPage: page.offset + slice.length < total,
    hasPreviousPage: page.offset > 0,
  };
}

/** Named instances for the codegen mappers (a mapper cannot name a generic argument). */
export type EnrollmentConnection = Connection<Enrollment>;
export type EnrollmentEdge = Edge<Enrollment>;
export type ParticipantConnection = Connection<WebinarEnrollment>;
