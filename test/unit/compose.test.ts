import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { ROOT } from '../../scripts/drift.js';

interface ComposeService {
  build?: unknown;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('docker-compose.yml (checked statically: no Docker engine runs here)', () => {
  const server = compose.services.server;

  it('runs the server with Redis, and Redis is healthy before the server starts', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['server', 'redis']));
    expect(server?.build).toBeDefined();
    expect(server?.depends_on?.redis?.condition).toBe('service_healthy');
    expect(server?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });

  it('publishes the port the server listens on', () => {
    expect(server?.ports).toContain(`${server?.environment?.PORT}:${server?.environment?.PORT}`);
  });

  it('names only variables the config module reads', () => {
    const known = new Set<string>(CONFIG_VARIABLES);
    for (const name of Object.keys(server?.environment ?? {})) expect(known.has(name) ? name : `unknown: ${name}`).toBe(name);
  });

  it('health-checks /healthz, as the Dockerfile does', () => {
    expect(server?.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
  });
});

describe('README configuration table', () => {
  it('documents every variable the config module reads', () => {
    for (const name of CONFIG_VARIABLES) expect(readme.includes(`\`${name}\``) ? name : `undocumented: ${name}`).toBe(name);
  });
});
