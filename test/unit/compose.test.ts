import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES } from '../../src/config.js';
import { ROOT, SUBGRAPHS } from '../../scripts/drift.js';

interface ComposeService {
  build?: string | { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  ports?: string[];
  volumes?: string[];
  deploy?: { replicas?: number };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

interface RouterConfig {
  supergraph?: { listen?: string; path?: string };
  health_check?: { enabled?: boolean; listen?: string; path?: string };
  headers?: { all?: { request?: { propagate?: { named?: string } }[] } };
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

  it('publishes the port the server listens on, one host port per replica', () => {
    const [published] = server?.ports ?? [];
    const match = /^(\d+)-(\d+):(\d+)$/.exec(published ?? '');
    expect(match?.[3]).toBe(server?.environment?.PORT);
    expect(Number(match?.[2]) - Number(match?.[1]) + 1).toBe(server?.deploy?.replicas);
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

describe('docker-compose.yml: the federated deployment', () => {
  const { router, server, hr } = compose.services;
  const routerConfig = parse(readFileSync(join(ROOT, 'deploy/router/router.yaml'), 'utf8')) as RouterConfig;
  /** Where the router reads a file it is told about on its command line (`--config x`, `--supergraph x`). */
  const argument = (flag: string) => router?.command?.[router.command.indexOf(flag) + 1];
  const mounted = (source: string) => router?.volumes?.find((volume) => volume.startsWith(`${source}:`))?.split(':')[1];

  it('runs the Apollo Router from its published image, pinned to a release', () => {
    expect(router?.image).toMatch(/^ghcr\.io\/apollographql\/router:v2\.\d+\.\d+$/);
    expect(router?.depends_on).toEqual({ server: { condition: 'service_healthy' }, hr: { condition: 'service_healthy' } });
  });

  it('gives the router the committed supergraph.graphql and deploy/router/router.yaml, read-only', () => {
    expect(mounted('./supergraph.graphql')).toBe(argument('--supergraph'));
    expect(mounted('./deploy/router/router.yaml')).toBe(argument('--config'));
    for (const volume of router?.volumes ?? []) expect(volume).toMatch(/:ro$/);
    expect(existsSync(join(ROOT, 'supergraph.graphql'))).toBe(true);
  });

  it('serves the supergraph on the published port and health-checks the router on its health port', () => {
    const graphPort = routerConfig.supergraph?.listen?.split(':').at(-1);
    expect(routerConfig.supergraph?.listen).toBe(`0.0.0.0:${graphPort}`);
    expect(router?.ports).toContain(`${graphPort}:${graphPort}`);
    expect(routerConfig.health_check).toEqual({ enabled: true, listen: '0.0.0.0:8088', path: '/health' });
    const probe = router?.healthcheck?.test.join(' ') ?? '';
    expect(probe).toContain('/dev/tcp/127.0.0.1/8088');
    expect(probe).toContain('GET /health ');
  });

  it('forwards the caller\'s credential to the subgraphs, since our server authenticates and scopes every request', () => {
    const propagated = routerConfig.headers?.all?.request?.map((rule) => rule.propagate?.named);
    expect(propagated).toEqual(expect.arrayContaining(['authorization', 'x-api-key']));
  });

  it('runs our server as two replicas sharing the one Redis', () => {
    expect(server?.deploy?.replicas).toBe(2);
    expect(server?.environment?.REDIS_URL).toBe('redis://redis:6379');
    expect(compose.services.redis).toBeDefined();
  });

  it('runs the example HR subgraph from its own Dockerfile, health-checked', () => {
    expect(hr?.build).toEqual({ context: '.', dockerfile: 'deploy/hr/Dockerfile' });
    expect(existsSync(join(ROOT, 'deploy/hr/Dockerfile'))).toBe(true);
    expect(hr?.healthcheck?.test.join(' ')).toContain(`127.0.0.1:${hr?.environment?.HR_PORT}/graphql`);
  });

  it('routes each subgraph of supergraph.graphql to a compose service, on the port that service listens on', () => {
    const supergraph = readFileSync(join(ROOT, 'supergraph.graphql'), 'utf8');
    const graphs = [...supergraph.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => ({ name, url }));
    expect(graphs).toEqual(expect.arrayContaining([SUBGRAPHS.learning, SUBGRAPHS.hr]));
    expect(graphs).toHaveLength(2);
    const listensOn: Record<string, string | undefined> = { server: server?.environment?.PORT, hr: hr?.environment?.HR_PORT };
    for (const { url } of graphs) {
      const { hostname, port, pathname } = new URL(url ?? '');
      expect(Object.keys(compose.services)).toContain(hostname);
      expect(port).toBe(listensOn[hostname]);
      expect(pathname).toBe('/graphql');
    }
  });
});

describe('README configuration table', () => {
  it('documents every variable the config module reads', () => {
    for (const name of CONFIG_VARIABLES) expect(readme.includes(`\`${name}\``) ? name : `undocumented: ${name}`).toBe(name);
  });
});
