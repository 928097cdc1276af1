/**
 * GraphiQL over plain HTTP: the page and its bundle name no other host, Apollo's own GET handling
 * and CSRF prevention are untouched, and with introspection off there is no page. The browser
 * test (test/browser/graphiql.test.ts) runs the page itself.
 */
import got from 'got';
import { dashboardTabs, tabsFromDocument, type GraphiqlTab } from '../../src/graphiql/index.js';
import type { GraphiqlPageConfig } from '../../src/graphiql/config.js';
import type { RunningServer } from '../../src/server.js';
import type { DatasetSamples } from '../../src/simulators/dataset/types.js';
import { DASHBOARD_QUERIES } from '../helpers/contract.js';
import { startTestServer, testConfig } from '../helpers/server.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const OPERATIONS = ['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail'];

const SAMPLES: DatasetSamples = {
  learnerEmployeeID: 'EMP00001',
  teamEmployeeIDs: ['EMP00002', 'EMP00003'],
  batch: { courseSerial: 'COURSE-AAAA', batchSerial: 'BATCH-1' },
  absorbCourseId: '0F8FAD5B-D9CB-469F-A165-70867728950E',
  absorbIlcCourseId: '7C9E6679-7425-40DE-944B-E07FC1F90AE7',
  absorbEnrollmentId: 'A3BB189E-8BF9-3888-9912-ACE4E6543002',
  communityCourseId: 42,
};

/**
 * `http(s)://` strings the bundle may hold because none is ever fetched: XML namespace names
 * React DOM compares against, links a person may click (GraphiQL's logo, CodeMirror's key map
 * manual), the text of graphql-js's built-in descriptions and warnings, React's error-decoder
 * link in error messages, and markdown-it's link normalisation. Anything new fails here, to be
 * looked at; the page's Content-Security-Policy would refuse a load from another host anyway.
 */
const NEVER_FETCHED = [
  /^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink|XML\/1998\/namespace|1998\/Math\/MathML)$/,
  /^https:\/\/github\.com\/graphql\/graphiql$/,
  /^https:\/\/codemirror\.net\/5\/doc\/manual\.html#keymaps$/,
  /^https:\/\/commonmark\.org\/$/,
  /^https:\/\/en\.wikipedia\.org\/wiki\/IEEE_floating_point$/,
  /^https:\/\/yarnpkg\.com\/en\/docs\/selective-version-resolutions$/,
  /^https:\/\/react\.dev\/errors\/$/,
  /^http:\/\/(\$\{[a-zA-Z.]+\})?$/,
];
const URL_PATTERN = /https?:\/\/[^\s"'`)<>\\,;]*/g;
const LOCAL_URL = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])([:/]|$)/;

function externalUrls(text: string): string[] {
  return [...new Set(text.match(URL_PATTERN) ?? [])].filter((url) => !LOCAL_URL.test(url));
}

function pageConfig(html: string): GraphiqlPageConfig {
  const json = /<script id="graphiql-config" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
  if (json === undefined) throw new Error('no #graphiql-config in the page');
  return JSON.parse(json) as GraphiqlPageConfig;
}

function variablesOf(tabs: GraphiqlTab[], name: string): unknown {
  const tab = tabs.find((t) => t.name === name);
  if (!tab) throw new Error(`no tab ${name}`);
  return JSON.parse(tab.variables);
}

describe('GraphiQL tabs', () => {
  it('holds the contract\'s five operations verbatim, each with the comment above it', () => {
    const tabs = dashboardTabs(null);
    expect(tabs.map((t) => t.name)).toEqual(OPERATIONS);
    const contract = DASHBOARD_QUERIES;
    for (const tab of tabs) {
      expect(tab.query.startsWith('# ')).toBe(true);
      expect(contract).toContain(tab.query.trimEnd());
    }
    expect(tabs[0]?.query).toMatch(/^# One employee's learning across every provider\.\nquery LearnerDashboard\(\$employeeID: ID!\) \{/);
  });

  it('fills the variables from the demo samples, ids in the contract\'s formats', () => {
    const tabs = dashboardTabs(SAMPLES);
    expect(variablesOf(tabs, 'LearnerDashboard')).toEqual({ employeeID: 'EMP00001' });
    expect(variablesOf(tabs, 'TeamDashboard')).toEqual({ employeeIDs: ['EMP00002', 'EMP00003'], status: null });
    expect(variablesOf(tabs, 'BatchRoster')).toEqual({ courseSerial: 'COURSE-AAAA', batchSerial: 'BATCH-1' });
    expect(variablesOf(tabs, 'CourseDashboard')).toEqual({ id: 'absorb:0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(variablesOf(tabs, 'EnrollmentDetail')).toEqual({ id: 'absorb:a3bb189e-8bf9-3888-9912-ace4e6543002' });
  });

  it('outside demo mode holds placeholders for every variable', () => {
    const tabs = dashboardTabs(null);
    expect(variablesOf(tabs, 'LearnerDashboard')).toEqual({ employeeID: '<employeeID>' });
    expect(variablesOf(tabs, 'CourseDashboard')).toEqual({ id: 'absorb:<course guid>' });
    for (const tab of tabs) expect(Object.keys(JSON.parse(tab.variables) as object).length).toBeGreaterThan(0);
  });

  it('gives an operation without sample variables an empty object, and skips anonymous ones', () => {
    const tabs = tabsFromDocument('# a\nquery Other { __typename }\n\n{ __typename }\n', SAMPLES);
    expect(tabs).toEqual([{ name: 'Other', query: '# a\nquery Other { __typename }\n', variables: '{}' }]);
  });

  it('carries the contract text in the build, so a dist-only image has its tabs', () => {
    expect(dashboardTabs(null).map((tab) => tab.name)).toEqual(['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail']);
  });
});

describe('GraphiQL page, introspection on', () => {
  let server: RunningServer;
  let origin: string;

  beforeAll(async () => {
    server = await startTestServer({ config: testConfig({ INTROSPECTION: 'true' }), samples: SAMPLES });
    origin = new URL(server.url).origin;
  });
  afterAll(() => server.stop());

  async function page() {
    return got(server.url, { headers: { accept: BROWSER_ACCEPT }, throwHttpErrors: false, retry: { limit: 0 } });
  }

  it('answers a browser\'s GET /graphql with the page, under a same-origin-only CSP', async () => {
    const response = await page();
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(response.body).toContain('<div id="graphiql">');
    const config = pageConfig(response.body);
    expect(config.endpoint).toBe('/graphql');
    expect(config.tabs.map((t) => t.name)).toEqual(OPERATIONS);
    expect(JSON.parse(config.tabs[0]?.variables ?? '')).toEqual({ employeeID: 'EMP00001' });
  }, 30_000);

  it('names no other host, in the page or in the bundle it loads', async () => {
    const html = (await page()).body;
    expect(externalUrls(html)).toEqual([]);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? '').filter((u) => !u.startsWith('data:'));
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/graphql\/graphiql-assets\/[0-9a-f]{16}\/graphiql\.(js|css)$/);
      const response = await got(`${origin}${asset}`, { retry: { limit: 0 } });
      expect(response.headers['cache-control']).toContain('immutable');
      expect(response.body.length).toBeGreaterThan(10_000);
      const unexplained = externalUrls(response.body).filter((url) => !NEVER_FETCHED.some((allowed) => allowed.test(url)));
      expect({ asset, unexplained }).toEqual({ asset, unexplained: [] });
      if (asset.endsWith('.css')) {
        // A stylesheet loads through url() and @import: only data: URLs and no imports.
        expect(response.body).not.toMatch(/@import/);
        const urls = [...response.body.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1] ?? '');
        expect(urls.filter((u) => !u.startsWith('data:'))).toEqual([]);
      }
    }
  });

  it('serves the bundle gzipped and answers a revalidation with 304', async () => {
    const html = (await page()).body;
    const script = /src="([^"]+\.js)"/.exec(html)?.[1] ?? '';
    const first = await got(`${origin}${script}`, { decompress: false, headers: { 'accept-encoding': 'gzip' } });
    expect(first.headers['content-encoding']).toBe('gzip');
    const etag = first.headers.etag ?? '';
    const again = await got(`${origin}${script}`, { headers: { 'if-none-match': etag }, throwHttpErrors: false });
    expect(again.statusCode).toBe(304);
    const stale = await got(`${origin}/graphql/graphiql-assets/0000000000000000/graphiql.js`, { throwHttpErrors: false });
    expect(stale.statusCode).toBe(404);
  });

  it('leaves a GET with query= to Apollo: answered with the preflight header, refused (CSRF) without', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ __typename }')}`;
    const answered = await got(url, { headers: { 'apollo-require-preflight': 'true', accept: BROWSER_ACCEPT }, throwHttpErrors: false });
    expect(answered.statusCode).toBe(200);
    expect(JSON.parse(answered.body)).toEqual({ data: { __typename: 'Query' } });
    const refused = await got(url, { headers: { accept: BROWSER_ACCEPT }, throwHttpErrors: false });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/CSRF/i);
  });

  it('leaves a client\'s GET without a query (Accept JSON or */*) and POST to Apollo', async () => {
    for (const accept of ['application/json', '*/*']) {
      const response = await got(server.url, { headers: { accept }, throwHttpErrors: false });
      expect(response.headers['content-type']).not.toMatch(/text\/html/);
      expect(response.body).not.toContain('graphiql');
    }
    const posted = await got.post(server.url, { json: { query: '{ __typename }' }, headers: { accept: BROWSER_ACCEPT } }).json();
    expect(posted).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('GraphiQL page, introspection off', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ config: testConfig({ INTROSPECTION: 'false' }), samples: SAMPLES });
  });
  afterAll(() => server.stop());

  it('serves no GraphiQL: a short page says it is off, and no bundle is reachable', async () => {
    const response = await got(server.url, { headers: { accept: BROWSER_ACCEPT }, throwHttpErrors: false });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('GraphiQL is off');
    expect(response.body).not.toMatch(/<script|graphiql-assets|LearnerDashboard/);
    const asset = await got(`${new URL(server.url).origin}/graphql/graphiql-assets/0000000000000000/graphiql.js`, { throwHttpErrors: false });
    expect(asset.headers['content-type'] ?? '').not.toMatch(/javascript/);
  });

  it('still answers queries', async () => {
    const response = await got(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } }).json();
    expect(response).toEqual({ data: { __typename: 'Query' } });
  });
});
