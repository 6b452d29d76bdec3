import { describeMysql } from '../../integration/persistence/backends';
import { auditTrailHttpScenarios } from './audit-trail-scenarios';

jest.setTimeout(60_000);

describeMysql('the audit trail over the admin API (MariaDB/MySQL)', () => {
  auditTrailHttpScenarios('mysql');
});
