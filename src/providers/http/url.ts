/**
 * Building request URLs from an endpoint template. Clients name endpoints by template
 * (`/users/:userId/enrollments`) so that errors, logs and metric labels carry the template, and the
 * values (which could be personal data) only ever go into the URL actually sent.
 */
import { ProviderError, describeCall, type ProviderName } from '../errors.js';

export type PathParams = Readonly<Record<string, string | number>>;
export type SearchParamValue = string | number | boolean | readonly (string | number)[] | null | undefined;
export type SearchParams = Readonly<Record<string, SearchParamValue>>;

const PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

export interface CallSite {
  provider: ProviderName;
  method: string;
  endpoint: string;
}

/**
 * Fills `:name` placeholders with URL-encoded values. A missing or unused parameter is a bug in
 * the calling client (plain Error); an empty or dot-segment value would silently address another
 * resource (`/users/../admin` once the URL is normalised), so it is refused as bad input.
 */
export function fillPath(site: CallSite, params: PathParams = {}): string {
  const used = new Set<string>();
  const path = site.endpoint.replace(PARAM, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${describeCall(site.provider, site.method, site.endpoint)}: path parameter ${name} is missing`);
    used.add(name);
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      throw new ProviderError({
        code: 'BAD_USER_INPUT',
        provider: site.provider,
        method: site.method,
        endpoint: site.endpoint,
        message: `${describeCall(site.provider, site.method, site.endpoint)}: path parameter ${name} must not be empty or a dot segment`,
      });
    }
    return encodeURIComponent(text);
  });
  const unused = Object.keys(params).filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(`${describeCall(site.provider, site.method, site.endpoint)}: unknown path parameter(s) ${unused.join(', ')}`);
  }
  return path;
}

/** Joins a base URL (which may have a path prefix, e.g. `https://host/api`) and a filled path. */
export function buildUrl(baseUrl: string, path: string, searchParams: SearchParams = {}): URL {
  const url = new URL(baseUrl.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(searchParams)) {
    if (value === undefined || value === null) continue;
    // Arrays become repeated keys (`userIds=a&userIds=b`), as Absorb's bulk endpoint expects.
    const values: readonly (string | number | boolean)[] = isList(value) ? value : [value];
    for (const item of values) url.searchParams.append(key, String(item));
  }
  return url;
}

function isList(value: SearchParamValue): value is readonly (string | number)[] {
  return Array.isArray(value);
}
