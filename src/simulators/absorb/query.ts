import type { Request } from 'express';
import { validationError } from './errors.js';
import { parseDateTimeLiteral } from './odata-lexer.js';

/**
 * Reading query parameters the way ASP.NET binds them: names case-insensitively, scalars once,
 * lists repeated (`userIds=a&userIds=b`) or comma-separated. Anything else is a 400 naming the
 * parameter.
 */

export type Query = Request['query'];

function lookup(query: Query, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) if (key.toLowerCase() === lower) return value;
  return undefined;
}

/** A scalar parameter; undefined when absent, 400 when given as a list or object. */
export function single(query: Query, name: string): string | undefined {
  const value = lookup(query, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw validationError([`${name}: must be given once`]);
  return value;
}

/** A list parameter, repeated or comma-separated (`ids[]=a` and `ids[0]=a` also arrive as lists). */
export function many(query: Query, name: string): string[] {
  const value = lookup(query, name);
  if (value === undefined) return [];
  const parts: unknown[] = typeof value === 'string' ? [value] : Array.isArray(value) ? value : Object.values(value as object);
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') throw validationError([`${name}: must be a list of values`]);
    for (const item of part.split(',')) {
      const trimmed = item.trim();
      if (trimmed !== '') out.push(trimmed);
    }
  }
  return out;
}

export function booleanParam(query: Query, name: string): boolean {
  const value = single(query, name);
  if (value === undefined || value === '') return false;
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  throw validationError([`${name}: must be true or false`]);
}

/** A non-negative integer parameter within [min, max], or undefined when absent. */
export function integerParam(query: Query, name: string, min: number, max: number): number | undefined {
  const value = single(query, name);
  if (value === undefined) return undefined;
  const n = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= min && n <= max)) throw validationError([`${name}: must be an integer from ${min} to ${max}`]);
  return n;
}

/** Epoch ms of a date-time parameter, or undefined when absent. */
export function dateTimeParam(query: Query, name: string): number | undefined {
  const value = single(query, name);
  if (value === undefined || value === '') return undefined;
  const ms = parseDateTimeLiteral(value) ?? Date.parse(value);
  if (Number.isNaN(ms)) throw validationError([`${name}: must be an ISO-8601 date-time`]);
  return ms;
}
