/** The dashboards' queries, kept verbatim in test/fixtures (checked against the shared contract when present). */
import { readFileSync } from 'node:fs';
import { parse, print, type OperationDefinitionNode } from 'graphql';

export const CONTRACT_FILE = new URL('../fixtures/dashboard-queries.graphql', import.meta.url);

export function contractQueries(): Record<string, string> {
  const document = parse(readFileSync(CONTRACT_FILE, 'utf8'));
  const queries: Record<string, string> = {};
  for (const definition of document.definitions) {
    const operation = definition as OperationDefinitionNode;
    if (operation.name) queries[operation.name.value] = print(operation);
  }
  return queries;
}
