import { makeExecutableSchema } from '@graphql-tools/schema';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphQLSchema } from 'graphql';
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

export function buildSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: readTypeDefs(), resolvers });
}
