/**
 * Jest runs the project's real ESM (got 14 is ESM-only), so ts-jest's ESM preset is used and
 * `npm test` sets NODE_OPTIONS=--experimental-vm-modules.
 * @type {import('jest').Config}
 */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    // Sources import './x.js' (NodeNext); jest must find './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: ['TS151001'] } }],
  },
  testTimeout: 30000,
  // Integration tests start servers on ephemeral ports; two workers suit a 2-core machine.
  maxWorkers: 2,
};
