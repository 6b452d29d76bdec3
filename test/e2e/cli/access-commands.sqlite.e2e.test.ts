import { accessScenarios } from './access-scenarios';
import { sqliteBackend } from './cli-harness';

describe('portcullis acl:*, role:*, admin:* on SQLite', () => {
  accessScenarios(() => Promise.resolve(sqliteBackend()));
});
