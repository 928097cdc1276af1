import type { NextFunction, Request, Response } from 'express';
import type { Dataset, RuangkerjaBatch, RuangkerjaCourse, RuangkerjaUser, RuangkerjaWebinarAssignment } from '../dataset/types.js';
import { SimulatorRouter, type SimulatorControls } from '../harness.js';
import { TOKEN_NOT_VALID, faultBody, rkError, type RuangkerjaErrorBody } from './errors.js';
import { parsePage, slicePage, type PageRequest } from './paging.js';
import { RUANGKERJA_PATHS } from './paths.js';
import { batchItem, batchUserItem, courseItem, onlineItem, userItem, userWebinarItem } from './serialise.js';
import { TokenStore } from './tokens.js';

export { RUANGKERJA_PATHS } from './paths.js';
export { TOKEN_NOT_VALID } from './errors.js';

export type EnvelopeShape = 'array' | 'paged';

/**
 * Settings of one simulator. The object passed in is kept and read on every request, so a test
 * (or a demo operator) can flip `envelope` or `userKey` at run time by mutating it.
 */
export interface RuangkerjaSimulatorOptions {
  /** Lifetime of issued tokens; `expiresIn` answers it as a string of whole seconds. Default 43199. */
  tokenLifetimeSeconds?: number;
  /** Ready tokens accepted without /oauth/token, as a deployment given a token would use. */
  staticTokens?: string[];
  /** Which user identifier the `:employeeID` path parameter takes. Default `employeeID`. */
  userKey?: 'employeeID' | 'serial';
  /** The shape of `data` on the two user endpoints. Default: online `array`, webinar `paged`, as documented. */
  envelope?: { online?: EnvelopeShape; webinar?: EnvelopeShape };
  /** Clock for token expiry, injectable for tests. */
  now?: () => number;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 43_199;

interface Indexes {
  usersByEmployeeID: Map<string, RuangkerjaUser>;
  usersBySerial: Map<string, RuangkerjaUser>;
  courses: Map<string, RuangkerjaCourse>;
  batches: Map<string, RuangkerjaBatch>;
  batchesByCourse: Map<string, RuangkerjaBatch[]>;
  onlineByUser: Map<string, Dataset['ruangkerja']['onlineAssignments']>;
  webinarByUser: Map<string, RuangkerjaWebinarAssignment[]>;
  rosters: Map<string, RuangkerjaWebinarAssignment[]>;
}

const batchKey = (courseSerial: string, batchSerial: string): string => `${courseSerial}\u0000${batchSerial}`;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Ruangkerja data never changes during a run, so lookups are indexed once. */
function index(data: Dataset['ruangkerja']): Indexes {
  const ix: Indexes = {
    usersByEmployeeID: new Map(data.users.map((u) => [u.employeeID, u])),
    usersBySerial: new Map(data.users.map((u) => [u.serial, u])),
    courses: new Map(data.courses.map((c) => [c.serial, c])),
    batches: new Map(data.batches.map((b) => [batchKey(b.courseSerial, b.serial), b])),
    batchesByCourse: new Map(),
    onlineByUser: new Map(),
    webinarByUser: new Map(),
    rosters: new Map(),
  };
  for (const b of data.batches) push(ix.batchesByCourse, b.courseSerial, b);
  for (const a of data.onlineAssignments) push(ix.onlineByUser, a.userSerial, a);
  for (const a of data.webinarAssignments) {
    push(ix.webinarByUser, a.userSerial, a);
    push(ix.rosters, batchKey(a.courseSerial, a.batchSerial), a);
  }
  return ix;
}

function success(res: Response, data: unknown): void {
  res.status(200).json({ status: 'success', message: 'Success', data });
}

function fail(res: Response, status: number, body: RuangkerjaErrorBody): void {
  res.status(status).json(body);
}

function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  return typeof value === 'string' ? value : '';
}

function queryText(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function createRuangkerjaSimulator(dataset: Dataset, controls: SimulatorControls, options: RuangkerjaSimulatorOptions = {}): SimulatorRouter {
  const data = dataset.ruangkerja;
  const ix = index(data);
  const now = options.now ?? Date.now;
  const tokens = new TokenStore(options.staticTokens ?? [], now);
  controls.registerHooks('ruangkerja', { revokeTokens: () => tokens.revokeAll() });
  const router = new SimulatorRouter({ provider: 'ruangkerja', controls, errorBody: faultBody });

  router.post(RUANGKERJA_PATHS.token, (req, res) => {
    const body: unknown = req.body;
    const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    if (fields.grantType !== 'client_credentials') {
      fail(res, 400, rkError('InvalidArgument', 'grantType must be client_credentials'));
      return;
    }
    const known = data.clients.some((c) => c.clientID === fields.clientID && c.clientSecret === fields.clientSecret);
    if (!known) {
      fail(res, 401, rkError('Unauthenticated', 'invalid client credentials'));
      return;
    }
    const lifetime = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    res.status(200).json({ data: { accessToken: tokens.issue(lifetime), expiresIn: String(Math.floor(lifetime)), tokenType: 'Bearer' } });
  });

  /** Every GET checks the token (401), then the paging parameters (400), then runs `answer`. */
  const paged = (template: string, answer: (req: Request, res: Response, page: PageRequest) => void): void => {
    router.get(template, (req: Request, res: Response, _next: NextFunction) => {
      if (!tokens.isValid(req.get('authorization'))) {
        // The documents give no HTTP status for this envelope; 401 is the simulator's choice.
        fail(res, 401, TOKEN_NOT_VALID);
        return;
      }
      const page = parsePage(req.query as Record<string, unknown>);
      if ('errorCode' in page) {
        fail(res, 400, page);
        return;
      }
      answer(req, res, page);
    });
  };

  const userFor = (req: Request): RuangkerjaUser | undefined => {
    const key = pathParam(req, 'employeeID');
    return (options.userKey ?? 'employeeID') === 'serial' ? ix.usersBySerial.get(key) : ix.usersByEmployeeID.get(key);
  };

  /** Answers a page in the chosen shape: a bare array of the page's items, or the paged object. */
  const shaped = <T>(res: Response, shape: EnvelopeShape, items: readonly T[], page: PageRequest): void => {
    const data = slicePage(items, page);
    success(res, shape === 'array' ? data.items : data);
  };

  paged(RUANGKERJA_PATHS.userOnlineCourses, (req, res, page) => {
    // An unknown user answers an empty success: the real API's behaviour is not documented.
    const user = userFor(req);
    const rows = user ? (ix.onlineByUser.get(user.serial) ?? []) : [];
    const items = rows.flatMap((a) => {
      const course = ix.courses.get(a.courseSerial);
      return course ? [onlineItem(a, course)] : [];
    });
    shaped(res, options.envelope?.online ?? 'array', items, page);
  });

  paged(RUANGKERJA_PATHS.userWebinarCourses, (req, res, page) => {
    const user = userFor(req);
    const rows = user ? (ix.webinarByUser.get(user.serial) ?? []) : [];
    const items = rows.flatMap((a) => {
      const course = ix.courses.get(a.courseSerial);
      const batch = ix.batches.get(batchKey(a.courseSerial, a.batchSerial));
      return course && batch ? [userWebinarItem(a, course, batch)] : [];
    });
    shaped(res, options.envelope?.webinar ?? 'paged', items, page);
  });

  paged(RUANGKERJA_PATHS.batchUsers, (req, res, page) => {
    const courseSerial = pathParam(req, 'courseSerial');
    const batchSerial = pathParam(req, 'batchSerial');
    if (!ix.courses.has(courseSerial)) {
      fail(res, 404, rkError('NotFound', `course ${courseSerial} not found`));
      return;
    }
    if (!ix.batches.has(batchKey(courseSerial, batchSerial))) {
      fail(res, 404, rkError('NotFound', `batch ${batchSerial} not found`));
      return;
    }
    const roster = ix.rosters.get(batchKey(courseSerial, batchSerial)) ?? [];
    const items = roster.flatMap((a) => {
      const user = ix.usersBySerial.get(a.userSerial);
      return user ? [batchUserItem(a, user)] : [];
    });
    // The batch document shows the paged object; the switch applies to it as to the user webinar list.
    shaped(res, options.envelope?.webinar ?? 'paged', items, page);
  });

  paged(RUANGKERJA_PATHS.courses, (req, res, page) => {
    const name = queryText(req, 'name')?.toLowerCase();
    const category = queryText(req, 'category')?.toLowerCase();
    const items = data.courses
      .filter((c) => (name === undefined || c.name.toLowerCase().includes(name)) && (category === undefined || c.category.toLowerCase() === category))
      .map(courseItem);
    success(res, slicePage(items, page));
  });

  paged(RUANGKERJA_PATHS.courseBatches, (req, res, page) => {
    const courseSerial = pathParam(req, 'courseSerial');
    if (!ix.courses.has(courseSerial)) {
      fail(res, 404, rkError('NotFound', `course ${courseSerial} not found`));
      return;
    }
    success(res, slicePage((ix.batchesByCourse.get(courseSerial) ?? []).map(batchItem), page));
  });

  paged(RUANGKERJA_PATHS.users, (req, res, page) => {
    const employeeID = queryText(req, 'employeeID');
    const name = queryText(req, 'name')?.toLowerCase();
    const email = queryText(req, 'email')?.toLowerCase();
    let users: readonly RuangkerjaUser[] = data.users;
    if (employeeID !== undefined) {
      const user = ix.usersByEmployeeID.get(employeeID);
      users = user ? [user] : [];
    }
    const items = users
      .filter((u) => (name === undefined || u.name.toLowerCase().includes(name)) && (email === undefined || u.email.toLowerCase().includes(email)))
      .map(userItem);
    success(res, slicePage(items, page));
  });

  // Anything else answers in the provider's envelope rather than express's HTML pages.
  router.app.use((_req: Request, res: Response) => fail(res, 404, rkError('NotFound', 'route not found')));
  router.app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : 500;
    // A body that is not JSON (express.json's SyntaxError) is the caller's fault: 400.
    fail(res, status, status < 500 ? rkError('InvalidArgument', 'request body is not valid JSON') : rkError('Internal', 'internal error'));
  });
  return router;
}
