import { join } from 'node:path';
import { auditCommandScenarios } from './audit-scenarios';
import { sqliteBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes: far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describe('portcullis audit:* on SQLite', () => {
  auditCommandScenarios(
    () => Promise.resolve(sqliteBackend()),
    (backend) => `sqlite:${join(backend.env.PORTCULLIS_DATA_DIR ?? '', 'portcullis.sqlite')}`,
  );
});
