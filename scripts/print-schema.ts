/** Writes the merged, sorted schema to schema.graphql (run by `npm run codegen`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, printMergedSchema } from './drift.js';

writeFileSync(join(ROOT, 'schema.graphql'), printMergedSchema(join(ROOT, 'schema')));
console.log('Wrote schema.graphql');
