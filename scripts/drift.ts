/**
 * Generated artefacts are committed (so a fresh clone builds offline and every API change shows
 * up in review) and must match the SDL: the resolver types in src/generated/graphql.ts, the
 * printed subgraph schema in schema.graphql and the composed supergraph in supergraph.graphql.
 * This module regenerates all three in memory and compares.
 */
import { composeServices } from '@apollo/composition';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { Kind, concatAST, parse, visit, type DefinitionNode, type DocumentNode } from 'graphql';
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

const byName = <T extends { name: { value: string } }>(nodes: readonly T[] | undefined): T[] | undefined =>
  nodes === undefined ? undefined : [...nodes].sort((a, b) => a.name.value.localeCompare(b.name.value));

const definitionName = (node: DefinitionNode): string => ('name' in node && node.name !== undefined ? node.name.value : '');

/**
 * Types, fields, arguments, enum values and interfaces in name order, so neither file order nor
 * field order in the SDL causes a diff. Applied directives keep their order and arguments
 * (`@link(url:, import:)` reads as written); the schema extension (`@link`) comes first.
 */
function sortDocument(document: DocumentNode): DocumentNode {
  const sorted = visit(document, {
    ObjectTypeDefinition: { leave: (node) => ({ ...node, fields: byName(node.fields), interfaces: byName(node.interfaces) }) },
    InterfaceTypeDefinition: { leave: (node) => ({ ...node, fields: byName(node.fields), interfaces: byName(node.interfaces) }) },
    InputObjectTypeDefinition: { leave: (node) => ({ ...node, fields: byName(node.fields) }) },
    EnumTypeDefinition: { leave: (node) => ({ ...node, values: byName(node.values) }) },
    UnionTypeDefinition: { leave: (node) => ({ ...node, types: byName(node.types) }) },
    FieldDefinition: { leave: (node) => ({ ...node, arguments: byName(node.arguments) }) },
  });
  const isSchemaNode = (node: DefinitionNode) => node.kind === Kind.SCHEMA_DEFINITION || node.kind === Kind.SCHEMA_EXTENSION;
  const definitions = [...sorted.definitions].sort(
    (a, b) => Number(isSchemaNode(b)) - Number(isSchemaNode(a)) || definitionName(a).localeCompare(definitionName(b)),
  );
  return { ...sorted, definitions };
}

/**
 * The subgraph schema as committed in schema.graphql, for review: what `_service { sdl }`
 * describes, with the federation directives (`@link`, `@key`, `@shareable`) shown where they
 * apply, extensions merged into their types and everything sorted.
 */
export function printMergedSchema(schemaDir: string): string {
  const merged = mergeTypeDefs(readSdl(schemaDir), { useSchemaDefinition: false });
  return `${printSubgraphSchema(buildSubgraphSchema(sortDocument(merged)))}\n`;
}

/** Where the router finds each subgraph: the docker-compose.yml service URLs. */
export const SUBGRAPHS = {
  learning: { name: 'learning', url: 'http://server:4000/graphql' },
  hr: { name: 'hr', url: 'http://hr:4001/graphql' },
} as const;

export const HR_SCHEMA_FILE = join(ROOT, 'test/fixtures/hr-subgraph/schema.graphql');

export type CompositionOutcome = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/**
 * Our subgraph composed with the example HR subgraph (test/fixtures/hr-subgraph), as committed in
 * supergraph.graphql and mounted into the router by docker-compose.yml.
 */
export function composeSupergraph(schemaDir: string, hrSchemaFile: string = HR_SCHEMA_FILE): CompositionOutcome {
  return composeSubgraphs(servedSubgraphSdl(schemaDir), readFileSync(hrSchemaFile, 'utf8'));
}

/**
 * Our subgraph's SDL built the way src/schema.ts builds the server's schema (files in name order,
 * fields in SDL order), so the committed supergraph is exactly what composing a running server's
 * `_service { sdl }` gives (test/federation/subgraph.test.ts checks that).
 */
export function servedSubgraphSdl(schemaDir: string): string {
  return printSubgraphSchema(buildSubgraphSchema(concatAST(readSdl(schemaDir).map((sdl) => parse(sdl)))));
}

/** Composition from the two subgraphs' SDL, e.g. what running servers answer to `_service { sdl }`. */
export function composeSubgraphs(learningSdl: string, hrSdl: string): CompositionOutcome {
  const result = composeServices([
    { ...SUBGRAPHS.learning, typeDefs: parse(learningSdl) },
    { ...SUBGRAPHS.hr, typeDefs: parse(hrSdl) },
  ]);
  if (result.errors !== undefined) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: `${result.supergraphSdl}\n` };
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
  /** Stale files, each possibly followed by why it cannot be regenerated. */
  drifted: string[];
}

export interface DriftSources {
  schemaDir?: string;
  hrSchemaFile?: string;
}

/** Compares freshly generated artefacts with the committed files under ROOT. */
export async function checkDrift({ schemaDir = join(ROOT, 'schema'), hrSchemaFile = HR_SCHEMA_FILE }: DriftSources = {}): Promise<DriftReport> {
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
  // A schema that no longer composes is drift too, and the reason is worth more than a diff.
  const supergraph = composeSupergraph(schemaDir, hrSchemaFile);
  if (!supergraph.ok) drifted.push(`supergraph.graphql (composition fails: ${supergraph.errors.join('; ')})`);
  else if (committed('supergraph.graphql') !== supergraph.supergraphSdl) drifted.push('supergraph.graphql');
  return { drifted };
}
