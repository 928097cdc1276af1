import { describe, expect, it } from '@jest/globals';
import { RUANGKERJA_ROUTES } from '../../../src/providers/ruangkerja/routes.js';
import { RUANGKERJA_PATHS } from '../../../src/simulators/ruangkerja/index.js';

describe('Ruangkerja routes', () => {
  it('are the paths the simulator serves, so the tests exercise the real templates', () => {
    const client = Object.fromEntries(Object.entries(RUANGKERJA_ROUTES).map(([name, route]) => [name === 'login' ? 'token' : name, route.path]));
    expect(client).toEqual({ ...RUANGKERJA_PATHS });
  });

  it('only the login writes', () => {
    expect(Object.entries(RUANGKERJA_ROUTES).filter(([, route]) => route.method !== 'GET').map(([name]) => name)).toEqual(['login']);
  });
});
