import { AbsorbError, validationError } from './errors.js';
import { parseDateTimeLiteral } from './odata-lexer.js';
import { compileFilter, ODataError, type ODataFieldType, type RecordPredicate } from './odata.js';
import { dateTimeParam, integerParam, single, type Query } from './query.js';
import type { JsonRecord, ResourceShape } from './serialise.js';

/**
 * Paged lists: `_filter` (OData), `_sort`, then the page. `_offset` is a page index, not an item
 * offset, as the document says ("the number of pages to offset into the collection"). Without
 * `_sort` records keep the dataset's order, which is stable, so walking pages has no gaps or
 * duplicates.
 */

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 1000;
export const MAX_OFFSET = 65535;

export interface PageOptions {
  /** The list's document also names the deprecated `limit`/`offset`; `_limit`/`_offset` win. */
  deprecatedPaging?: boolean;
}

interface SortKey {
  field: string;
  type: ODataFieldType;
  descending: boolean;
}

export interface PagedBody {
  totalItems: number;
  returnedItems: number;
  limit: number;
  offset: number;
  [key: string]: unknown;
}

function parseSort(text: string | undefined, resource: ResourceShape): SortKey[] {
  if (text === undefined) return [];
  const byLowerName = new Map(Object.entries(resource.types).map(([name, type]) => [name.toLowerCase(), [name, type] as const]));
  const keys: SortKey[] = [];
  const problems: string[] = [];
  for (const part of text.split(',')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const descending = trimmed.startsWith('-');
    const name = descending ? trimmed.slice(1).trim() : trimmed;
    const found = byLowerName.get(name.toLowerCase());
    if (found === undefined) problems.push(`_sort: unknown field '${name}'`);
    else if (found[1] === 'unfilterable') problems.push(`_sort: field '${found[0]}' cannot be sorted`);
    else keys.push({ field: found[0], type: found[1], descending });
  }
  if (problems.length > 0) throw validationError(problems, 'Invalid _sort.');
  return keys;
}

function parseFilterParam(text: string | undefined, resource: ResourceShape): RecordPredicate | null {
  // An empty _filter is no filter, as a client building one conditionally may send it.
  if (text === undefined || text.trim() === '') return null;
  try {
    return compileFilter(text, resource.types);
  } catch (error) {
    if (error instanceof ODataError) throw new AbsorbError(400, `Invalid _filter: ${error.message}`, [`_filter: ${error.message}`], 'InvalidFilter');
    throw error;
  }
}

type SortValue = string | number | boolean | null;

function sortValue(value: unknown, type: ODataFieldType): SortValue {
  if (value === null || value === undefined) return null;
  if (type === 'datetime' && typeof value === 'string') {
    const ms = parseDateTimeLiteral(value) ?? Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  if (type === 'guid' && typeof value === 'string') return value.toLowerCase();
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/** Nulls first when ascending, as SQL Server orders them; strings ordinally. */
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortRecords(records: JsonRecord[], keys: SortKey[]): JsonRecord[] {
  if (keys.length === 0) return records;
  const decorated = records.map((record, index) => ({ record, index, values: keys.map((k) => sortValue(record[k.field], k.type)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i += 1) {
      const order = compareValues(a.values[i] ?? null, b.values[i] ?? null);
      if (order !== 0) return (keys[i] as SortKey).descending ? -order : order;
    }
    // Ties keep the default order, so a sorted walk is as gap-free as an unsorted one.
    return a.index - b.index;
  });
  return decorated.map((d) => d.record);
}

/** Validates all paging parameters up front, so a bad request fails before any work. */
export function page(records: JsonRecord[], query: Query, resource: ResourceShape, key: string, options: PageOptions = {}): PagedBody {
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (error instanceof AbsorbError && error.status === 400 && error.term === 'ValidationFailed') {
        problems.push(...error.validations);
        return undefined;
      }
      throw error;
    }
  };
  const limit =
    attempt(() => integerParam(query, '_limit', 1, MAX_LIMIT)) ??
    (options.deprecatedPaging ? attempt(() => integerParam(query, 'limit', 1, MAX_LIMIT)) : undefined);
  const offset =
    attempt(() => integerParam(query, '_offset', 0, MAX_OFFSET)) ??
    (options.deprecatedPaging ? attempt(() => integerParam(query, 'offset', 0, MAX_OFFSET)) : undefined);
  const sortText = attempt(() => single(query, '_sort'));
  const filterText = attempt(() => single(query, '_filter'));
  if (problems.length > 0) throw validationError(problems);

  const sort = parseSort(sortText, resource);
  const filter = parseFilterParam(filterText, resource);
  const filtered = filter ? records.filter(filter) : records;
  const sorted = sortRecords(filtered, sort);
  const pageSize = limit ?? DEFAULT_LIMIT;
  const pageIndex = offset ?? 0;
  const items = sorted.slice(pageIndex * pageSize, (pageIndex + 1) * pageSize);
  return { totalItems: sorted.length, returnedItems: items.length, limit: pageSize, offset: pageIndex, [key]: items };
}

/**
 * The `status` and `modifiedSince` parameters the document gives most enrollment reads (some as
 * deprecated): a status to match and a date the record must have been edited after.
 * `editedField` null means the resource has no edit date, so modifiedSince is accepted and ignored.
 */
export function enrollmentQuery(query: Query, editedField: string | null): (record: JsonRecord) => boolean {
  const status = integerParam(query, 'status', 0, 12);
  const since = dateTimeParam(query, 'modifiedSince');
  return (record) => {
    if (status !== undefined && record.status !== status) return false;
    if (since !== undefined && editedField !== null) {
      const edited = sortValue(record[editedField], 'datetime');
      if (typeof edited !== 'number' || edited <= since) return false;
    }
    return true;
  };
}
