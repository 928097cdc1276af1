/**
 * `npm run build:graphiql` (and the end of `npm run build`): builds the GraphiQL bundle into
 * dist/graphiql-bundle/ ahead of time, so a deployment of dist/ serves it without esbuild.
 * The server builds it on first use too (see bundle.ts); this only moves that moment.
 */
import { fileURLToPath } from 'node:url';
import { BUNDLE_ROOT, loadGraphiqlBundle } from './bundle.js';

const started = Date.now();
const bundle = await loadGraphiqlBundle();
const sizes = [...bundle.files.values()].map((f) => `${f.name} ${(f.body.length / 1024).toFixed(0)} KiB (${(f.gzip.length / 1024).toFixed(0)} KiB gzipped)`);
console.log(`GraphiQL bundle ${bundle.key} in ${fileURLToPath(BUNDLE_ROOT)} (${Date.now() - started} ms): ${sizes.join(', ')}`);
