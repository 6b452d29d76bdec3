import { describeMysql } from '../../integration/persistence/backends';
import { mysqlBackend } from './cli-harness';
import { integrationScenarios } from './integration-scenarios';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy CI
// machine with parallel workers): far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describeMysql('portcullis integration:* on MariaDB/MySQL', () => {
  integrationScenarios(() => mysqlBackend('portcullis_test_e2e_cli'));
});
