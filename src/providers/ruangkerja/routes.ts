/**
 * Ruangkerja endpoints, one line each, so a path correction is a one-line change. Templates are
 * what errors, logs and metric labels name; `:params` are filled (URL-encoded) by the HTTP layer.
 * test/providers/ruangkerja/routes.test.ts checks this table against the simulator's.
 */
import type { HttpMethod } from '../http/index.js';

export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
}

export const RUANGKERJA_ROUTES = {
  login: { method: 'POST', path: '/oauth/token' },
  userOnlineCourses: { method: 'GET', path: '/ruangkerja/dashboard/users/:employeeID/courses/online' },
  userWebinarCourses: { method: 'GET', path: '/ruangkerja/dashboard/users/:employeeID/courses/webinar' },
  batchUsers: { method: 'GET', path: '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users' },
  courses: { method: 'GET', path: '/ruangkerja/dashboard/courses' },
  courseBatches: { method: 'GET', path: '/ruangkerja/dashboard/courses/:courseSerial/batches' },
  users: { method: 'GET', path: '/ruangkerja/users' },
} as const satisfies Record<string, Route>;

export type RuangkerjaRouteName = keyof typeof RUANGKERJA_ROUTES;

/** Both paging parameters are required by every list; the documented maximum page size. */
export const RUANGKERJA_MAX_PAGE_SIZE = 100;
