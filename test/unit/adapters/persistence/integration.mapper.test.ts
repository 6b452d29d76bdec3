import { policyFromColumns, policyToColumns } from '../../../../src/adapters/persistence/mappers/integration.mapper';
import { type CredentialPolicySnapshot } from '../../../../src/domain/integration/credential-policy.value-object';

// The columns alone, without Integration.restore: the repository contract cannot restore a
// non-empty allowlist until IpAllowlist.parse is implemented.
describe('credential policy columns', () => {
  const expiresAt = new Date('2027-01-31T00:00:00.123Z');

  it('round-trips IPv4 and IPv6 ranges, an expiry and a rate limit', () => {
    const policy: CredentialPolicySnapshot = {
      expiresAt,
      allowedIps: ['203.0.113.0/24', '2001:db8::/32', '::1', 'fe80::/64', '::ffff:192.0.2.1'],
      rateLimit: { limit: 600, windowSeconds: 60 },
    };
    const columns = policyToColumns(policy);
    expect(columns).toEqual({
      credentialsExpireAt: expiresAt,
      allowedIps: '["203.0.113.0/24","2001:db8::/32","::1","fe80::/64","::ffff:192.0.2.1"]',
      rateLimit: 600,
      rateLimitWindowSeconds: 60,
    });
    expect(policyFromColumns(columns)).toEqual(policy);
  });

  it('stores an open policy as NULLs and reads NULLs as open', () => {
    const open: CredentialPolicySnapshot = { expiresAt: null, allowedIps: [], rateLimit: null };
    const columns = policyToColumns(open);
    expect(columns).toEqual({ credentialsExpireAt: null, allowedIps: null, rateLimit: null, rateLimitWindowSeconds: null });
    expect(policyFromColumns(columns)).toEqual(open);
  });
});
