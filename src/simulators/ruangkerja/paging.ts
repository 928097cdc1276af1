import { rkError, type RuangkerjaErrorBody } from './errors.js';

/** Ruangkerja's documented cap on `pageSize`. */
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  page: number;
  pageSize: number;
}

export interface PagedData<T> {
  currentPage: number;
  totalItems: number;
  totalPage: number;
  items: T[];
}

function integerParam(query: Record<string, unknown>, name: string): number | string {
  const raw = query[name];
  if (raw === undefined || raw === '') return `${name} is required`;
  // A repeated parameter arrives as an array: not an integer either.
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return `${name} must be an integer`;
  return Number(raw);
}

/** Both parameters are required by the documents; the answer says which one is wrong and why. */
export function parsePage(query: Record<string, unknown>): PageRequest | RuangkerjaErrorBody {
  const page = integerParam(query, 'page');
  if (typeof page === 'string') return rkError('InvalidArgument', page);
  if (page < 1) return rkError('InvalidArgument', 'page must be greater than or equal to 1');
  const pageSize = integerParam(query, 'pageSize');
  if (typeof pageSize === 'string') return rkError('InvalidArgument', pageSize);
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) return rkError('InvalidArgument', `pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
  return { page, pageSize };
}

export function slicePage<T>(items: readonly T[], { page, pageSize }: PageRequest): PagedData<T> {
  const start = (page - 1) * pageSize;
  return {
    currentPage: page,
    totalItems: items.length,
    totalPage: Math.ceil(items.length / pageSize),
    items: start >= items.length ? [] : items.slice(start, start + pageSize),
  };
}
