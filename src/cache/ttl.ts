/**
 * How long each upstream endpoint's answers may be served from the cache. Catalogue-like data
 * (courses, batches, sessions: changed by administrators, rarely) lives longer; anything about a
 * learner's progress (enrollments, attempts, rosters, memberships) and anything not listed gets
 * the short default, so a dashboard lags the upstream by at most that long.
 *
 * Endpoints are named by provider and path template, as the provider clients' route tables name
 * them. A template missing here (a renamed route) falls back to the short default: the safe side.
 */
import type { ProviderName } from '../providers/errors.js';

export interface TtlSettings {
  /** Everything not in the catalogue list. Seconds; 0 turns caching off for those endpoints. */
  defaultSeconds: number;
  /** The catalogue endpoints below. */
  catalogueSeconds: number;
  /** `"<provider> <template>"` → seconds, from CACHE_TTL_OVERRIDES; 0 turns an endpoint's caching off. */
  overrides: ReadonlyMap<string, number>;
}

/** Courses, batches and sessions: administrators' data, which changes rarely. */
export const CATALOGUE_ENDPOINTS: ReadonlySet<string> = new Set([
  'ruangkerja /ruangkerja/dashboard/courses',
  'ruangkerja /ruangkerja/dashboard/courses/:courseSerial/batches',
  'absorb /courses',
  'absorb /courses/:courseId',
  'absorb /instructorLedCourses',
  'absorb /instructorLedCourses/:courseId',
  'absorb /sessions',
  'selfcommunity /api/v2/course/:id/',
]);

export function endpointName(provider: ProviderName, endpoint: string): string {
  return `${provider} ${endpoint}`;
}

export class TtlTable {
  constructor(private readonly settings: TtlSettings) {}

  /** Milliseconds an answer of this endpoint may be cached; 0 when it must not be. */
  ttlMs(provider: ProviderName, endpoint: string): number {
    const name = endpointName(provider, endpoint);
    const seconds = this.settings.overrides.get(name) ?? (CATALOGUE_ENDPOINTS.has(name) ? this.settings.catalogueSeconds : this.settings.defaultSeconds);
    return seconds * 1000;
  }
}

/**
 * Parses CACHE_TTL_OVERRIDES: a comma list of `<provider> <endpoint template>=<seconds>`, e.g.
 * `absorb /courses=600, ruangkerja /ruangkerja/users=0`. Returns null when malformed.
 */
export function parseTtlOverrides(raw: string): Map<string, number> | null {
  const overrides = new Map<string, number>();
  for (const part of raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')) {
    const match = /^(ruangkerja|absorb|selfcommunity)\s+(\/\S*)\s*=\s*(\d{1,6})$/.exec(part);
    if (match === null) return null;
    const [, provider = '', endpoint = '', seconds = ''] = match;
    overrides.set(`${provider} ${endpoint}`, Number(seconds));
  }
  return overrides;
}
