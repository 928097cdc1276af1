import type { NextFunction, Request, Response } from 'express';
import type { Dataset, SelfCommunityCourse, SelfCommunityMember } from '../dataset/types.js';
import { SimulatorRouter, type SimulatorControls } from '../harness.js';
import { FORBIDDEN, INVALID_TOKEN, NOT_AUTHENTICATED, NOT_FOUND, faultBody } from './errors.js';
import { SELFCOMMUNITY_PATHS } from './paths.js';
import { parseMemberQuery, selectMembers } from './query.js';

export { SELFCOMMUNITY_PATHS } from './paths.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query.js';

type Role = 'manager' | 'member';

function memberItem(m: SelfCommunityMember) {
  return {
    id: m.id,
    username: m.username,
    real_name: m.real_name,
    avatar: m.avatar,
    join_status: m.join_status,
    user_completion_rate: m.user_completion_rate,
    last_active_at: m.last_active_at,
    joined_at: m.joined_at,
  };
}

/**
 * A page link as DRF's LimitOffsetPagination builds it: the request's own absolute URL with
 * `limit` and `offset` replaced (other parameters kept), `offset` dropped when it would be 0.
 */
function pageLink(req: Request, limit: number, offset: number | null): string {
  const [path = '', rawQuery = ''] = req.originalUrl.split('?', 2);
  const params = new URLSearchParams(rawQuery);
  params.set('limit', String(limit));
  if (offset === null) params.delete('offset');
  else params.set('offset', String(offset));
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${path}?${params.toString()}`;
}

export function createSelfCommunitySimulator(dataset: Dataset, controls: SimulatorControls): SimulatorRouter {
  const data = dataset.selfcommunity;
  const roles = new Map<string, Role>();
  for (const token of data.managerTokens) roles.set(token, 'manager');
  for (const token of data.plainTokens) roles.set(token, 'member');
  // SelfCommunity's tokens are long-lived and not issued here: revocation removes them for the
  // rest of this simulator's life, as a revoked token would stay revoked.
  controls.registerHooks('selfcommunity', { revokeTokens: () => roles.clear() });

  const courses = new Map<number, SelfCommunityCourse>(data.courses.map((c) => [c.id, c]));
  const membersByCourse = new Map<number, SelfCommunityMember[]>();
  for (const m of data.members) {
    const list = membersByCourse.get(m.courseId);
    if (list) list.push(m);
    else membersByCourse.set(m.courseId, [m]);
  }

  const router = new SimulatorRouter({ provider: 'selfcommunity', controls, errorBody: faultBody });

  /** DRF order: authentication (401), permission (403), then the object (404). */
  const authorise = (req: Request, res: Response, needed: Role): boolean => {
    const header = req.get('authorization');
    if (header === undefined || header.trim() === '') {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="api"').json(NOT_AUTHENTICATED);
      return false;
    }
    const match = /^Bearer (\S+)$/.exec(header.trim());
    const role = match?.[1] === undefined ? undefined : roles.get(match[1]);
    if (role === undefined) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer realm="api"').json(INVALID_TOKEN);
      return false;
    }
    if (needed === 'manager' && role !== 'manager') {
      res.status(403).json(FORBIDDEN);
      return false;
    }
    return true;
  };

  const courseFor = (req: Request): SelfCommunityCourse | undefined => {
    const raw = req.params.id;
    return typeof raw === 'string' && /^\d+$/.test(raw) ? courses.get(Number(raw)) : undefined;
  };

  // Reading a course needs any valid token; its dashboard list needs the manager (or creator) role.
  router.get(SELFCOMMUNITY_PATHS.course, (req, res) => {
    if (!authorise(req, res, 'member')) return;
    const course = courseFor(req);
    if (!course) {
      res.status(404).json(NOT_FOUND);
      return;
    }
    res.status(200).json(course);
  });

  router.get(SELFCOMMUNITY_PATHS.courseUsers, (req, res) => {
    if (!authorise(req, res, 'manager')) return;
    const course = courseFor(req);
    if (!course) {
      res.status(404).json(NOT_FOUND);
      return;
    }
    const query = parseMemberQuery(req.query as Record<string, unknown>);
    if ('error' in query) {
      res.status(400).json({ detail: query.error });
      return;
    }
    const selected = selectMembers(membersByCourse.get(course.id) ?? [], query);
    const { limit, offset } = query;
    const hasNext = offset + limit < selected.length;
    const hasPrevious = offset > 0;
    res.status(200).json({
      count: selected.length,
      next: hasNext ? pageLink(req, limit, offset + limit) : null,
      previous: hasPrevious ? pageLink(req, limit, offset - limit > 0 ? offset - limit : null) : null,
      results: selected.slice(offset, offset + limit).map(memberItem),
    });
  });

  router.app.use((_req: Request, res: Response) => {
    res.status(404).json(NOT_FOUND);
  });
  router.app.use((_error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ detail: 'A server error occurred.' });
  });
  return router;
}
