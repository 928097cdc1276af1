/**
 * `npm run check:drift [schemaDir]`: fails when the committed generated files do not match the SDL
 * (schema/*.graphql by default; a test passes a modified copy to prove the check bites).
 */
import { checkDrift } from './drift.js';

const schemaDir = process.argv[2];
const { drifted } = await checkDrift(schemaDir);
if (drifted.length > 0) {
  console.error(`Generated files are out of date with the SDL: ${drifted.join(', ')}. Run \`npm run codegen\` and commit the result.`);
  process.exit(1);
}
console.log('Generated files match the schema.');
