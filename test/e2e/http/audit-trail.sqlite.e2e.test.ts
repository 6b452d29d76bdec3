import { auditTrailHttpScenarios } from './audit-trail-scenarios';

jest.setTimeout(60_000);

describe('the audit trail over the admin API (SQLite)', () => {
  auditTrailHttpScenarios('sqlite');
});
