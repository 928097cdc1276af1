/**
 * `npm run supergraph` (also run by `npm run codegen`): composes our subgraph with the example HR
 * subgraph and writes supergraph.graphql, with the docker-compose.yml service URLs as routing URLs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, composeSupergraph } from './drift.js';

const outcome = composeSupergraph(join(ROOT, 'schema'));
if (!outcome.ok) {
  console.error(`The subgraphs do not compose:\n- ${outcome.errors.join('\n- ')}`);
  process.exit(1);
}
writeFileSync(join(ROOT, 'supergraph.graphql'), outcome.supergraphSdl);
console.log('Wrote supergraph.graphql');
