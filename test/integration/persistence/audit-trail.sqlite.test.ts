import { sqliteAuditDatabase } from './audit-databases';
import { auditTrailScenarios } from './audit-trail-scenarios';

describe('the audit trail on SQLite', () => {
  auditTrailScenarios(sqliteAuditDatabase);
});
