import { describeMysql } from '../../integration/persistence/backends';
import { accessScenarios } from './access-scenarios';
import { mysqlBackend } from './cli-harness';

describeMysql('portcullis acl:*, role:*, admin:* on MariaDB/MySQL', () => {
  accessScenarios(() => mysqlBackend('portcullis_test_e2e_cli_access'));
});
