/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Most suites start servers, databases and child processes; Jest's 5 s default is a unit-test
  // budget that a loaded 2-core machine exceeds (issue 17.11: the suite must pass beside two
  // CPU-heavy processes). A hung test still fails, after 30 s. Slower suites set their own.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/test/global-setup.js',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The browser modules (web/admin/src) import each other with `.js`, as ES modules must: resolve to the .ts source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
