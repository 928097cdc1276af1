/**
 * The dashboards' queries. The build carries them (src/graphql/safelist/dashboard-queries.ts: the
 * safelist and GraphiQL's tabs read them there); tests read the same text, and the contract test
 * checks it is the shared contract's file, verbatim, wherever that file is present.
 */
import { parse, print, type OperationDefinitionNode } from 'graphql';
import { DASHBOARD_QUERIES } from '../../src/graphql/safelist/dashboard-queries.js';

export { DASHBOARD_QUERIES };

/** The shared contract's own file, beside the repository (absent on a machine without ../shared). */
export const SHARED_CONTRACT_FILE = new URL('../../../shared/contract/dashboard-queries.graphql', import.meta.url);

export function contractQueries(): Record<string, string> {
  const document = parse(DASHBOARD_QUERIES);
  const queries: Record<string, string> = {};
  for (const definition of document.definitions) {
    const operation = definition as OperationDefinitionNode;
    if (operation.name) queries[operation.name.value] = print(operation);
  }
  return queries;
}
