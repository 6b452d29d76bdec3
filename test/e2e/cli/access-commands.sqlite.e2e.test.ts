import { accessScenarios } from './access-scenarios';
import { sqliteBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy CI
// machine with parallel workers): far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describe('portcullis acl:*, role:*, admin:* on SQLite', () => {
  accessScenarios(() => Promise.resolve(sqliteBackend()));
});
