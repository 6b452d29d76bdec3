import { describeMysql } from '../../integration/persistence/backends';
import { accessScenarios } from './access-scenarios';
import { mysqlBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes (~0.2 s each, more on a busy CI
// machine with parallel workers): far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describeMysql('portcullis acl:*, role:*, admin:* on MariaDB/MySQL', () => {
  accessScenarios(() => mysqlBackend('portcullis_test_e2e_cli_access'));
});
