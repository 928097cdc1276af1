/**
 * SelfCommunity endpoints (Django REST Framework style: trailing slashes matter), one line each,
 * so a path correction is a one-line change. test/providers/selfcommunity/routes.test.ts checks
 * this table against the simulator's.
 */
import type { HttpMethod } from '../http/index.js';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
}

export const SELFCOMMUNITY_ROUTES = {
  course: { method: 'GET', path: '/api/v2/course/:id/' },
  courseUsers: { method: 'GET', path: '/api/v2/course/:id/users/' },
} as const satisfies Record<string, Route>;

export type SelfCommunityRouteName = keyof typeof SELFCOMMUNITY_ROUTES;

/**
 * The largest `limit` asked for. The document gives no maximum; DRF deployments commonly cap at
 * 100 (the simulator clamps there). A lower cap upstream is detected by the paging reader.
 */
export const SELFCOMMUNITY_PAGE_LIMIT = 100;

/** Every join status that makes a person part of a course (the API's default is manager + joined). */
export const SELFCOMMUNITY_JOIN_STATUSES = ['creator', 'manager', 'joined', 'invited', 'requested'] as const;
