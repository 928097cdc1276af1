import { describe, expect, it } from '@jest/globals';
import { SELFCOMMUNITY_PAGE_LIMIT, SELFCOMMUNITY_ROUTES } from '../../../src/providers/selfcommunity/routes.js';
import { MAX_LIMIT, SELFCOMMUNITY_PATHS } from '../../../src/simulators/selfcommunity/index.js';

describe('SelfCommunity routes', () => {
  it('are the paths the simulator serves', () => {
    expect(Object.fromEntries(Object.entries(SELFCOMMUNITY_ROUTES).map(([name, route]) => [name, route.path]))).toEqual({ ...SELFCOMMUNITY_PATHS });
  });

  it('ask for the largest page the simulator allows', () => {
    expect(SELFCOMMUNITY_PAGE_LIMIT).toBe(MAX_LIMIT);
  });
});
