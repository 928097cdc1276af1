/**
 * The GraphiQL page's browser entry, bundled by esbuild (see ../bundle.ts); never run by Node.
 * It reads the server's config from the page and renders GraphiQL with the dashboards' tabs, the
 * headers editor and the doc explorer (GraphiQL's default reference plugin).
 */
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher, createLocalStorage } from '@graphiql/toolkit';
import type { GraphiqlPageConfig } from '../config.js';

/**
 * The project's tsconfig is a Node program's (no DOM lib, and adding it would change every
 * file's globals), so this entry declares the little of the page it touches. No emit: at run
 * time `document` is the browser's.
 */
interface PageElement {
  textContent: string | null;
}
declare const document: { getElementById(id: string): PageElement | null };

const configElement = document.getElementById('graphiql-config');
const container = document.getElementById('graphiql');
if (!configElement?.textContent || !container) throw new Error('GraphiQL page: #graphiql-config or #graphiql is missing');
const config = JSON.parse(configElement.textContent) as GraphiqlPageConfig;

const storage = createLocalStorage({ namespace: config.storageNamespace });
// GraphiQL 4.1 fills the first tab's query editor from `defaultTabs` but leaves its variables and
// headers editors empty, so running the first tab at once would fail. On a first visit (nothing
// stored under this namespace yet) the first tab's values are passed as the initial editor
// values; on later visits GraphiQL restores what it stored.
const first = storage.length === 0 ? config.tabs[0] : undefined;
const initialEditors = first ? { query: first.query, variables: first.variables, headers: first.headers ?? '' } : {};

const element = createElement(GraphiQL, {
  fetcher: createGraphiQLFetcher({ url: config.endpoint }),
  defaultTabs: config.tabs.map((tab) => ({ query: tab.query, variables: tab.variables, headers: tab.headers ?? '' })),
  storage,
  ...initialEditors,
  isHeadersEditorEnabled: true,
  // Opens with the variables showing: each tab's sample values are the point of the tab.
  defaultEditorToolsVisibility: 'variables',
});
// react-dom's container type is the DOM's Element, which this tsconfig does not know.
createRoot(container as Parameters<typeof createRoot>[0]).render(element);
