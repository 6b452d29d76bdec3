import { siblingMysqlDatabase } from '../../integration/persistence/audit-databases';
import { describeMysql } from '../../integration/persistence/backends';
import { auditCommandScenarios } from './audit-scenarios';
import { mysqlBackend } from './cli-harness';

// Each test runs the built CLI several times as child processes: far beyond Jest's 5 s default.
jest.setTimeout(120_000);

describeMysql('portcullis audit:* on MariaDB/MySQL', () => {
  auditCommandScenarios(
    () => mysqlBackend(siblingMysqlDatabase('e2e_audit_cli')),
    (backend) => backend.env.DATABASE_URL ?? '',
  );
});
