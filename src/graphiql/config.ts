/**
 * What the server hands the GraphiQL page, as JSON inside the HTML. Shared by the server side
 * (page.ts) and the browser entry (client/main.ts), so both read the same shape.
 */

/** One ready-to-run tab: an operation of the dashboards' contract with sample variables. */
export interface GraphiqlTab {
  /** The operation name; GraphiQL titles the tab with it. */
  name: string;
  query: string;
  /** The variables editor's text (JSON). */
  variables: string;
  /** The headers editor's text (JSON); empty when the tab needs none. */
  headers?: string;
}

export interface GraphiqlPageConfig {
  /** Where the page sends operations: a path on the same origin. */
  endpoint: string;
  tabs: GraphiqlTab[];
  /**
   * localStorage namespace. GraphiQL restores the tabs it stored over `defaultTabs`, so the
   * namespace carries a digest of the default tabs: new defaults (another dataset, changed
   * queries) open fresh instead of being hidden by an old session's tabs.
   */
  storageNamespace: string;
}
