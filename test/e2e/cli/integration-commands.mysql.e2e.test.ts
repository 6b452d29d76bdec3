import { describeMysql } from '../../integration/persistence/backends';
import { mysqlBackend } from './cli-harness';
import { integrationScenarios } from './integration-scenarios';

describeMysql('portcullis integration:* on MariaDB/MySQL', () => {
  integrationScenarios(() => mysqlBackend('portcullis_test_e2e_cli'));
});
