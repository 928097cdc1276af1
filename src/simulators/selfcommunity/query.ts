import type { SelfCommunityJoinStatus, SelfCommunityMember } from '../dataset/types.js';

/**
 * The member list's query parameters: DRF LimitOffsetPagination (`limit`, `offset` as an item
 * index), a `search` filter, a `statuses` list and an `ordering` filter.
 */

export const DEFAULT_LIMIT = 20;
/** Not documented; DRF projects commonly cap at 100, and larger values are clamped, not refused. */
export const MAX_LIMIT = 100;
export const DEFAULT_STATUSES: readonly (SelfCommunityJoinStatus | null)[] = ['manager', 'joined'];
const KNOWN_STATUSES: readonly string[] = ['creator', 'manager', 'joined', 'invited', 'requested'];
const ORDERABLE = ['joined_at', 'last_active_at'] as const;
type OrderField = (typeof ORDERABLE)[number];

export interface MemberQuery {
  limit: number;
  offset: number;
  search: string | undefined;
  statuses: readonly (SelfCommunityJoinStatus | null)[];
  ordering: { field: OrderField; descending: boolean }[];
}

/** The query's values as strings: qs gives a string, an array of strings, or an object for `a[0]=`. */
function strings(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.flatMap(strings);
  if (typeof raw === 'object' && raw !== null) return Object.values(raw).flatMap(strings);
  return [];
}

function nonNegativeInteger(raw: unknown, name: string, fallback: number, positive: boolean): number | string {
  const values = strings(raw);
  if (values.length === 0 || values[0] === '') return fallback;
  const value = values[0] as string;
  if (values.length > 1 || !/^\d+$/.test(value)) return `${name} must be a ${positive ? 'positive' : 'non-negative'} integer.`;
  const number = Number(value);
  if (positive && number === 0) return `${name} must be a positive integer.`;
  return number;
}

/**
 * `statuses` arrives as repeated parameters (`statuses=a&statuses=b`), a JSON array string
 * (`statuses=["a","b"]`) or a comma list (`statuses=a,b`); all three are accepted. `null` (JSON
 * null or the text "null") selects members without a join status: a guess, as the document lists
 * null among the values but not how to ask for it.
 */
function parseStatuses(raw: unknown): readonly (SelfCommunityJoinStatus | null)[] | string {
  const values: (string | null)[] = [];
  for (const text of strings(raw)) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(trimmed);
      } catch {
        return 'statuses is not a valid JSON list.';
      }
      if (!Array.isArray(parsed)) return 'statuses is not a valid JSON list.';
      for (const item of parsed) {
        if (item === null) values.push(null);
        else if (typeof item === 'string') values.push(item);
        else return 'statuses must be a list of strings.';
      }
    } else {
      for (const part of trimmed.split(',')) if (part.trim() !== '') values.push(part.trim());
    }
  }
  if (values.length === 0) return DEFAULT_STATUSES;
  const out: (SelfCommunityJoinStatus | null)[] = [];
  for (const value of values) {
    if (value === null || value === 'null') out.push(null);
    else if (KNOWN_STATUSES.includes(value)) out.push(value as SelfCommunityJoinStatus);
    else return `"${value}" is not a valid choice for statuses.`;
  }
  return out;
}

/** DRF's OrderingFilter ignores unknown fields; with none valid the default applies. */
function parseOrdering(raw: unknown): MemberQuery['ordering'] {
  const terms = strings(raw).flatMap((s) => s.split(',')).map((s) => s.trim());
  const out: MemberQuery['ordering'] = [];
  for (const term of terms) {
    const descending = term.startsWith('-');
    const field = descending ? term.slice(1) : term;
    if ((ORDERABLE as readonly string[]).includes(field)) out.push({ field: field as OrderField, descending });
  }
  return out.length > 0 ? out : [{ field: 'joined_at', descending: true }];
}

export function parseMemberQuery(query: Record<string, unknown>): MemberQuery | { error: string } {
  const limit = nonNegativeInteger(query.limit, 'limit', DEFAULT_LIMIT, true);
  if (typeof limit === 'string') return { error: limit };
  const offset = nonNegativeInteger(query.offset, 'offset', 0, false);
  if (typeof offset === 'string') return { error: offset };
  const statuses = parseStatuses(query.statuses);
  if (typeof statuses === 'string') return { error: statuses };
  const search = strings(query.search)[0]?.trim();
  return {
    limit: Math.min(limit, MAX_LIMIT),
    offset,
    search: search === '' ? undefined : search,
    statuses,
    ordering: parseOrdering(query.ordering),
  };
}

/** Filters and orders members; nulls sort last in either direction, ties by id for stable paging. */
export function selectMembers(members: readonly SelfCommunityMember[], q: MemberQuery): SelfCommunityMember[] {
  const needle = q.search?.toLowerCase();
  const selected = members.filter(
    (m) =>
      q.statuses.includes(m.join_status) &&
      (needle === undefined || m.username.toLowerCase().includes(needle) || m.real_name.toLowerCase().includes(needle)),
  );
  return selected.sort((a, b) => {
    for (const { field, descending } of q.ordering) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      // ISO strings in one format and zone compare correctly as text.
      const order = x < y ? -1 : 1;
      return descending ? -order : order;
    }
    return a.id - b.id;
  });
}
