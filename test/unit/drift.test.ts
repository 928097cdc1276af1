import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs the same drift check CI runs, as a child process (codegen loads its plugins itself). */
function runDriftCheck(schemaDir?: string, hrSchemaFile?: string) {
  const args = ['--import', 'tsx', 'scripts/check-drift.ts', schemaDir ?? '', hrSchemaFile ?? ''];
  return spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
}

describe('generated-file drift check', () => {
  it('passes on the committed schema', () => {
    const result = runDriftCheck();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails when the SDL changes without regenerating types and printed schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schema-'));
    try {
      cpSync(join(ROOT, 'schema'), dir, { recursive: true });
      appendFileSync(join(dir, 'user.graphql'), '\nextend type User {\n  "A new field nobody regenerated for."\n  department: String\n}\n');
      const result = runDriftCheck(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('schema.graphql');
      expect(result.stderr).toContain('src/generated/graphql.ts');
      // The HR subgraph already resolves User.department: two owners of one field do not compose.
      expect(result.stderr).toContain('supergraph.graphql (composition fails');
      expect(result.stderr).toContain('User.department');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails when only the composed supergraph is stale: another subgraph changed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hr-'));
    try {
      const hrSchemaFile = join(dir, 'schema.graphql');
      cpSync(join(ROOT, 'test/fixtures/hr-subgraph/schema.graphql'), hrSchemaFile);
      appendFileSync(hrSchemaFile, '\nextend type User {\n  "A field HR added since supergraph.graphql was composed."\n  office: String\n}\n');
      const result = runDriftCheck(undefined, hrSchemaFile);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('out of date with the SDL: supergraph.graphql.');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
