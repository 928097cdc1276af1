import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concatAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { resolvers } from './resolvers/index.js';

/** schema/ sits beside src/ and dist/, so the same relative path works from source and build. */
export const SCHEMA_DIR = fileURLToPath(new URL('../schema/', import.meta.url));

/** The SDL files in a stable order, so the merged schema never depends on directory listing order. */
export function readTypeDefs(dir: string = SCHEMA_DIR): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/** The SDL files as one document; each is parsed on its own so a syntax error points into its file. */
export function typeDefsDocument(typeDefs: readonly string[] = readTypeDefs()): DocumentNode {
  return concatAST(typeDefs.map((sdl) => parse(sdl)));
}

/**
 * The executable schema is an Apollo Federation 2 subgraph (docs/federation.md): besides the API
 * it answers `_service { sdl }` and `_entities`, whose references go through each type's
 * `__resolveReference`. Without a router in front it serves clients exactly as before.
 */
export function buildSchema(): GraphQLSchema {
  return buildSubgraphSchema([{ typeDefs: typeDefsDocument(), resolvers }]);
}
