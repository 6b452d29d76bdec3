import { mysqlAuditDatabase } from './audit-databases';
import { auditTrailScenarios } from './audit-trail-scenarios';
import { describeMysql } from './backends';

describeMysql('the audit trail on MariaDB/MySQL', () => {
  auditTrailScenarios(() => mysqlAuditDatabase('audit_trail'));
});
