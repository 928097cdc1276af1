/**
 * `npm run check:drift [schemaDir] [hrSchemaFile]`: fails when the committed generated files do
 * not match the SDL (schema/*.graphql and the example HR subgraph's SDL by default; a test passes
 * modified copies to prove the check bites).
 */
import { checkDrift } from './drift.js';

const [schemaDir, hrSchemaFile] = process.argv.slice(2).map((arg) => (arg === '' ? undefined : arg));
const { drifted } = await checkDrift({ schemaDir, hrSchemaFile });
if (drifted.length > 0) {
  console.error(`Generated files are out of date with the SDL: ${drifted.join(', ')}. Run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log('Generated files match the schema.');
