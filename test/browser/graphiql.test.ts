/**
 * GraphiQL as a person uses it: Debian's Chromium, driven by playwright-core, opens /graphql of
 * the server running on the simulators with the demo dataset's samples, runs the first tab
 * (LearnerDashboard), and reads the sample learner's name in the result. Every request the page
 * makes must stay on this machine. The screenshot goes to test/artifacts/graphiql.png.
 *
 * Without /usr/bin/chromium (CI installs it; `apt-get install chromium`) the test is skipped and
 * says so loudly: a skip is visible in jest's counts, a silent pass would not be.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createProviders } from '../../src/providers/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startSimulators, type RunningSimulators } from '../../src/simulators/index.js';
import { Expectations } from '../helpers/expected.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../artifacts/', import.meta.url);
const SCREENSHOT = new URL('graphiql.png', ARTIFACTS);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const TABS = ['LearnerDashboard', 'TeamDashboard', 'BatchRoster', 'CourseDashboard', 'EnrollmentDetail'];

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  const line = '!'.repeat(100);
  console.error(
    `\n${line}\n!!! SKIPPED: test/browser/graphiql.test.ts needs Debian's Chromium at ${CHROMIUM}, which is missing.\n` +
      `!!! Install it with: apt-get update && apt-get install -y chromium   (.ci/run does this when it can)\n${line}\n`,
  );
}
const describeWithChromium = haveChromium ? describe : describe.skip;

/** The few CodeMirror 5 members read here: the editor keeps only visible lines in the DOM. */
interface CodeMirrorHost {
  CodeMirror?: { getValue(): string };
}

async function editorValue(page: Page, selector: string): Promise<string> {
  return page.locator(`${selector} .CodeMirror`).first().evaluate((element: unknown) => (element as CodeMirrorHost).CodeMirror?.getValue() ?? '');
}

describeWithChromium('GraphiQL in Chromium', () => {
  let simulators: RunningSimulators;
  let server: RunningServer;
  let context: BrowserContext;
  let profile: string;
  const requested: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    simulators = await startSimulators({ employees: 500 });
    // As in demo mode: the simulators as upstreams, no client authentication.
    const config = loadConfig({ ...simulators.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', NODE_ENV: 'test', AUTH_REQUIRED: 'false' });
    const logger = createLogger(config.logLevel);
    const { providers, close } = createProviders(config, logger);
    server = await startServer({
      config,
      logger,
      providers,
      app: { name: 'course-activity-graph', version: 'test', demoMode: true, configuredProviders: new Set(['ruangkerja', 'absorb', 'selfcommunity']) },
      readiness: [],
      closeables: [close],
      samples: simulators.dataset.samples,
    });
    // A fresh profile: no GraphiQL tabs stored by an earlier run, nothing cached.
    profile = mkdtempSync(join(tmpdir(), 'graphiql-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      // Without the background-networking flags Chromium dials Google's hosts at start, and this
      // machine has no network: those would be refused, and are not the page's requests anyway.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  }, 30_000);

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await server?.stop();
    await simulators?.close();
  });

  it('opens on the dashboards\' tabs, runs LearnerDashboard and shows the sample learner, all from localhost', async () => {
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));

    await page.goto(server.url, { waitUntil: 'load' });

    // The five contract operations, one tab each, the first selected.
    const tabs = page.locator('.graphiql-tab');
    await tabs
      .first()
      .waitFor({ timeout: 15_000 })
      .catch((error: unknown) => {
        throw new Error(`GraphiQL did not render its tabs; the page said: ${JSON.stringify(consoleErrors)}`, { cause: error });
      });
    expect((await tabs.allInnerTexts()).map((t) => t.trim())).toEqual(TABS);
    expect(await editorValue(page, '.graphiql-query-editor')).toContain('query LearnerDashboard($employeeID: ID!)');
    const learner = simulators.dataset.samples.learnerEmployeeID;
    expect(JSON.parse(await editorValue(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'))).toEqual({ employeeID: learner });

    // The headers editor and the doc explorer are there.
    await page.getByRole('button', { name: 'Headers' }).waitFor();
    await page.getByRole('button', { name: /Documentation Explorer/ }).waitFor();

    await page.getByRole('button', { name: /Execute query/ }).click();
    await page.locator('.graphiql-response .CodeMirror-code', { hasText: '"employeeID"' }).waitFor({ timeout: 20_000 });
    const response = await editorValue(page, '.graphiql-response');
    const expectedName = new Expectations(simulators.dataset).name(learner);
    expect(expectedName).toEqual(expect.any(String));
    expect(response).toContain(`"name": ${JSON.stringify(expectedName)}`);
    const result = JSON.parse(response) as { data?: { user?: { employeeID?: string; enrollments?: { totalCount?: number } } }; errors?: unknown[] };
    expect(result.errors).toBeUndefined();
    expect(result.data?.user?.employeeID).toBe(learner);
    expect(result.data?.user?.enrollments?.totalCount).toBeGreaterThan(0);

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: SCREENSHOT.pathname });

    // Another tab carries its own sample variables.
    await page.locator('.graphiql-tab', { hasText: 'BatchRoster' }).click();
    await page.locator('.graphiql-query-editor .CodeMirror-code', { hasText: 'query BatchRoster' }).waitFor();
    expect(JSON.parse(await editorValue(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'))).toEqual(simulators.dataset.samples.batch);

    // The doc explorer reads the schema the page introspected.
    await page.getByRole('button', { name: /Documentation Explorer/ }).click();
    await page.locator('.graphiql-doc-explorer', { hasText: 'Root Types' }).waitFor({ timeout: 10_000 });
    await page.locator('.graphiql-doc-explorer a', { hasText: /^Query$/ }).first().waitFor();

    // A second visit restores the stored tabs (not the defaults over them), the active one included.
    // GraphiQL stores its tab state 500 ms after the last change (debounced).
    await page.waitForTimeout(1_000);
    await page.reload({ waitUntil: 'load' });
    await page.locator('.graphiql-query-editor .CodeMirror-code', { hasText: 'query BatchRoster' }).waitFor({ timeout: 15_000 });
    expect((await tabs.allInnerTexts()).map((t) => t.trim())).toEqual(TABS);
    expect(JSON.parse(await editorValue(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'))).toEqual(simulators.dataset.samples.batch);

    // Offline: the page, its bundle, the schema introspection and the query all came from here.
    const external = requested.filter((url) => {
      const parsed = new URL(url);
      if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
      return !LOCAL_HOSTS.has(parsed.hostname);
    });
    expect(requested.length).toBeGreaterThan(3);
    expect(external).toEqual([]);
    // A CSP refusal or a script error would show here.
    expect(consoleErrors).toEqual([]);
  }, 30_000);
});
