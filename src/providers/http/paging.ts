/**
 * Readers that walk an upstream list to its end, one per paging style:
 * - `readPageNumbered` (Ruangkerja): `page` from 1. When the first answer gives the page count the
 *   other pages are fetched concurrently; when it does not (Ruangkerja's bare-array envelope), pages
 *   are read one by one until a page holds fewer than `pageSize` items. A short last page ends the
 *   read with no extra request; an exactly full last page costs one more request, answered empty,
 *   because nothing else tells the end.
 * - `readPageIndexed` (Absorb): `_offset` is a page index from 0 and `totalItems` gives the count.
 * - `readLinked` (SelfCommunity): `limit`/`offset` by item index with `count`. The offsets are
 *   computed from `count` and fetched concurrently; `next` links are never followed (they are full
 *   URLs that could point at another host, which would receive our token).
 *
 * Every reader stops at `maxPages`: a list longer than that raises UPSTREAM_BAD_RESPONSE
 * ("more than N pages") rather than reading without end. When a later page reports a larger total
 * than the first (the list grew mid-read) the new pages are read too, within the same bound; when
 * a linked list's pages overlap, each key is kept once and the overlap is logged, not hidden.
 */
import { ProviderError, describeCall, type ProviderName } from '../errors.js';
import { mapConcurrent } from './concurrency.js';
import type { HttpLogger } from './types.js';

export interface PagingSource {
  provider: ProviderName;
  /** Endpoint template, for errors and logs. */
  endpoint: string;
  logger?: HttpLogger;
}

interface CommonOptions {
  source: PagingSource;
  /** More pages than this fail the read. */
  maxPages: number;
  /** Pages fetched at once once the total is known. Default 4. */
  concurrency?: number;
}

export interface NumberedPage<T> {
  items: readonly T[];
  /** Total number of pages, when the upstream says. */
  totalPages?: number;
}

export interface ReadPageNumberedOptions<T> extends CommonOptions {
  pageSize: number;
  fetchPage: (page: number) => Promise<NumberedPage<T>>;
}

export interface IndexedPage<T> {
  items: readonly T[];
  /** Total number of items, when the upstream says. */
  totalItems?: number;
  /** The page size the upstream applied (Absorb's `limit`), if it may differ from the one asked. */
  pageSize?: number;
}

export interface ReadPageIndexedOptions<T> extends CommonOptions {
  pageSize: number;
  fetchPage: (pageIndex: number) => Promise<IndexedPage<T>>;
}

export interface OffsetPage<T> {
  items: readonly T[];
  /** Total number of items. */
  count: number;
}

export interface ReadLinkedOptions<T> extends CommonOptions {
  limit: number;
  /** Identity of an item: each key is returned once. */
  key: (item: T) => string | number;
  fetchPage: (offset: number, limit: number) => Promise<OffsetPage<T>>;
}

const DEFAULT_CONCURRENCY = 4;

export async function readPageNumbered<T>(options: ReadPageNumberedOptions<T>): Promise<T[]> {
  checkSizes(options, options.pageSize);
  const first = await options.fetchPage(1);
  if (first.totalPages === undefined) return readUntilShort(options, options.pageSize, first, 1, options.fetchPage);
  const pages = await readCountedPages(options, first, 1, (page) => page.totalPages, options.fetchPage);
  return pages.flatMap((page) => page.items);
}

export async function readPageIndexed<T>(options: ReadPageIndexedOptions<T>): Promise<T[]> {
  checkSizes(options, options.pageSize);
  const first = await options.fetchPage(0);
  if (first.totalItems === undefined) return readUntilShort(options, options.pageSize, first, 0, options.fetchPage);
  const applied = first.pageSize;
  const size = applied !== undefined && Number.isInteger(applied) && applied > 0 ? applied : options.pageSize;
  const pageCount = (page: IndexedPage<T>): number | undefined => (page.totalItems === undefined ? undefined : Math.ceil(page.totalItems / size));
  const pages = await readCountedPages(options, first, 0, pageCount, options.fetchPage);
  return pages.flatMap((page) => page.items);
}

export async function readLinked<T>(options: ReadLinkedOptions<T>): Promise<T[]> {
  checkSizes(options, options.limit);
  const first = await options.fetchPage(0, options.limit);
  // An upstream may cap `limit` below what was asked (Django REST's max_limit): a first page
  // shorter than both the limit and the count shows the real step.
  const length = first.items.length;
  const step = length > 0 && length < Math.min(options.limit, first.count) ? length : options.limit;
  const pages = await readCountedPages(
    options,
    first,
    0,
    (page) => Math.ceil(page.count / step),
    (index) => options.fetchPage(index * step, step),
  );

  const seen = new Set<string | number>();
  const items: T[] = [];
  let duplicates = 0;
  for (const page of pages) {
    for (const item of page.items) {
      const key = options.key(item);
      if (seen.has(key)) duplicates += 1;
      else {
        seen.add(key);
        items.push(item);
      }
    }
  }
  if (duplicates > 0) {
    options.source.logger?.warn({ provider: options.source.provider, endpoint: options.source.endpoint, duplicates }, 'paged list repeated items across pages; kept each once');
  }
  return items;
}

function checkSizes(options: CommonOptions, pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('page size must be a positive integer');
  if (!Number.isInteger(options.maxPages) || options.maxPages < 1) throw new RangeError('maxPages must be a positive integer');
}

function tooManyPages(source: PagingSource, maxPages: number): ProviderError {
  return new ProviderError({
    code: 'UPSTREAM_BAD_RESPONSE',
    provider: source.provider,
    endpoint: source.endpoint,
    message: `${describeCall(source.provider, 'GET', source.endpoint)} answered more than ${maxPages} pages`,
  });
}

function invalidTotal(source: PagingSource): ProviderError {
  return new ProviderError({
    code: 'UPSTREAM_BAD_RESPONSE',
    provider: source.provider,
    endpoint: source.endpoint,
    message: `${describeCall(source.provider, 'GET', source.endpoint)} answered an invalid total (not a non-negative integer)`,
  });
}

/** Sequential read when no total is given: stop at the first page shorter than `pageSize`. */
async function readUntilShort<T>(
  options: CommonOptions,
  pageSize: number,
  first: { items: readonly T[] },
  firstIndex: number,
  fetchPage: (index: number) => Promise<{ items: readonly T[] }>,
): Promise<T[]> {
  const items = [...first.items];
  let last = first.items.length;
  let fetched = 1;
  for (let index = firstIndex + 1; last >= pageSize; index += 1) {
    const page = await fetchPage(index);
    fetched += 1;
    if (fetched > options.maxPages) {
      // Page maxPages was full: this extra request tells whether the list really is longer.
      if (page.items.length > 0) throw tooManyPages(options.source, options.maxPages);
      break;
    }
    items.push(...page.items);
    last = page.items.length;
  }
  return items;
}

/**
 * Reads pages `firstIndex … firstIndex + count - 1`, where `count` comes from the pages' totals,
 * in index order. Each round fetches the pages not read yet, concurrently; a total that grows
 * mid-read adds pages for another round. Every round adds at least one page and no more than
 * `maxPages` are read, so the loop ends.
 */
async function readCountedPages<P>(
  options: CommonOptions,
  first: P,
  firstIndex: number,
  pageCount: (page: P) => number | undefined,
  fetchPage: (index: number) => Promise<P>,
): Promise<P[]> {
  const { source, maxPages } = options;
  const pages = new Map<number, P>([[firstIndex, first]]);
  const firstCount = pageCount(first);
  if (firstCount === undefined || !Number.isInteger(firstCount) || firstCount < 0) throw invalidTotal(source);
  let target = firstCount;
  for (;;) {
    if (target > maxPages) throw tooManyPages(source, maxPages);
    const missing: number[] = [];
    for (let index = firstIndex; index < firstIndex + target; index += 1) if (!pages.has(index)) missing.push(index);
    if (missing.length === 0) break;
    const fetched = await mapConcurrent(missing, options.concurrency ?? DEFAULT_CONCURRENCY, fetchPage);
    missing.forEach((index, i) => pages.set(index, fetched[i] as P));
    for (const page of fetched) {
      const count = pageCount(page);
      if (count !== undefined && Number.isInteger(count) && count > target) target = count;
    }
  }
  if (target !== firstCount) {
    source.logger?.warn({ provider: source.provider, endpoint: source.endpoint, firstPages: firstCount, pages: target }, 'paged list grew while it was read');
  }
  return [...pages.entries()].sort(([a], [b]) => a - b).map(([, page]) => page);
}
