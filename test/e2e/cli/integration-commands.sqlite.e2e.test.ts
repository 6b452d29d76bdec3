import { sqliteBackend } from './cli-harness';
import { integrationScenarios } from './integration-scenarios';

describe('portcullis integration:* on SQLite', () => {
  integrationScenarios(() => Promise.resolve(sqliteBackend()));
});
