/**
 * Generated artefacts are committed (so a fresh clone builds offline and every API change shows
 * up in review) and must match the SDL: the resolver types in src/generated/graphql.ts and the
 * printed schema in schema.graphql. This module regenerates both in memory and compares.
 */
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { buildASTSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = new URL('../', import.meta.url).pathname;

export function readSdl(schemaDir: string): string[] {
  return readdirSync(schemaDir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readFileSync(join(schemaDir, file), 'utf8'));
}

/** The merged schema as committed in schema.graphql: sorted, so file order never causes a diff. */
export function printMergedSchema(schemaDir: string): string {
  const schema = buildASTSchema(mergeTypeDefs(readSdl(schemaDir)));
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

export async function generateResolverTypes(schemaDir: string): Promise<Map<string, string>> {
  const config = parseYaml(readFileSync(join(ROOT, 'codegen.yml'), 'utf8')) as Types.Config;
  const outputs = (await generate(
    { ...config, cwd: ROOT, schema: join(schemaDir, '*.graphql'), silent: true, errorsOnly: true },
    false,
  )) as Types.FileOutput[];
  return new Map(outputs.map((output) => [output.filename, output.content]));
}

export interface DriftReport {
  drifted: string[];
}

/** Compares freshly generated artefacts from `schemaDir` with the committed files under ROOT. */
export async function checkDrift(schemaDir: string = join(ROOT, 'schema')): Promise<DriftReport> {
  const drifted: string[] = [];
  const committed = (file: string) => {
    try {
      return readFileSync(join(ROOT, file), 'utf8');
    } catch {
      return '';
    }
  };
  if (committed('schema.graphql') !== printMergedSchema(schemaDir)) drifted.push('schema.graphql');
  for (const [file, content] of await generateResolverTypes(schemaDir)) {
    if (committed(file) !== content) drifted.push(file);
  }
  return { drifted };
}
