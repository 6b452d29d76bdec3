import { Integration, type NewIntegration } from '../../../../src/domain/integration/integration.aggregate';
import { CredentialPolicy } from '../../../../src/domain/integration/credential-policy.value-object';
import { type IntegrationEvent } from '../../../../src/domain/integration/integration.events';
import { IntegrationConfigManagedError } from '../../../../src/domain/integration/integration.errors';
import { InvalidValueError } from '../../../../src/domain/kernel/domain-error';
import { AGGREGATE_NOW, aNewIntegration } from '../../../support/integration-fixtures';
import { thrownError } from '../../../support/errors';

const NOW = AGGREGATE_NOW;
const DAY_MS = 86_400_000;
const at = (seconds: number): Date => new Date(NOW.getTime() + seconds * 1000);
const OLD_SECRET = 's'.repeat(32);
const KEY = 'k'.repeat(32);

/** A stored integration: restoring records nothing, so only what the test does is handed over. */
function stored(overrides: Partial<NewIntegration> = {}): Integration {
  return Integration.restore(aNewIntegration(overrides).toSnapshot());
}

function happened(integration: Integration): Array<[IntegrationEvent['name'], object]> {
  return integration.pullEvents().map((event) => [event.name, event.payload]);
}

describe('Integration credential policy', () => {
  it('starts open unless a policy is given', () => {
    expect(aNewIntegration().policy.isOpen).toBe(true);
    const limited = CredentialPolicy.open().with({ rateLimit: { limit: 10, windowSeconds: 60 } });
    expect(aNewIntegration({ policy: limited }).toSnapshot().policy).toEqual({ expiresAt: null, allowedIps: [], rateLimit: { limit: 10, windowSeconds: 60 } });
  });

  describe('changePolicy', () => {
    it('replaces the parts named and records IntegrationPolicyChanged naming only the fields that changed', () => {
      const integration = stored();
      integration.changePolicy({ allowedIps: ['10.0.0.0/8'], rateLimit: null }, at(60), 'admin');

      expect(integration.toSnapshot()).toMatchObject({ policy: { expiresAt: null, allowedIps: ['10.0.0.0/8'], rateLimit: null }, updatedAt: at(60) });
      expect(integration.pullEvents()).toEqual([
        { name: 'IntegrationPolicyChanged', aggregateId: 'i-1', occurredAt: at(60), payload: { integrationName: 'ERP', by: 'admin', changed: ['allowedIps'] } },
      ]);

      integration.changePolicy({ expiresAt: at(DAY_MS / 1000), rateLimit: { limit: 5, windowSeconds: 1 } }, at(120), 'configuration');
      expect(happened(integration)).toEqual([['IntegrationPolicyChanged', { integrationName: 'ERP', by: 'configuration', changed: ['expiresAt', 'rateLimit'] }]]);
      expect(integration.policy.toSnapshot()).toEqual({ expiresAt: at(DAY_MS / 1000), allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 5, windowSeconds: 1 } });
    });

    it('records nothing and keeps updatedAt when nothing changes (the same ranges written otherwise included)', () => {
      const integration = stored({ policy: CredentialPolicy.open().with({ allowedIps: ['2001:db8::/32'] }) });
      integration.changePolicy({ allowedIps: [' 2001:DB8::/32 '], rateLimit: null }, at(60), 'admin');
      integration.changePolicy({}, at(60), 'admin');
      expect(integration.pullEvents()).toEqual([]);
      expect(integration.toSnapshot().updatedAt).toEqual(NOW);
    });

    it('refuses an admin edit of a config integration, and takes its configuration’s', () => {
      const integration = stored({ setupType: 'config' });
      const error = thrownError(IntegrationConfigManagedError, () => integration.changePolicy({ rateLimit: { limit: 1, windowSeconds: 1 } }, at(60), 'admin'));
      expect(error.code).toBe('INTEGRATION.CONFIG_MANAGED');
      expect(integration.policy.isOpen).toBe(true);

      integration.changePolicy({ rateLimit: { limit: 1, windowSeconds: 1 } }, at(60), 'configuration');
      expect(happened(integration)).toEqual([['IntegrationPolicyChanged', { integrationName: 'ERP', by: 'configuration', changed: ['rateLimit'] }]]);
    });

    it('refuses an invalid part, changing nothing', () => {
      const integration = stored();
      expect(thrownError(InvalidValueError, () => integration.changePolicy({ allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 0, windowSeconds: 60 } }, at(60), 'admin')).code).toBe(
        'VALIDATION.RATE_LIMIT',
      );
      expect(integration.policy.isOpen).toBe(true);
      expect(integration.pullEvents()).toEqual([]);
    });
  });

  describe('renewExpiry', () => {
    it('does nothing without a maximum age', () => {
      const integration = stored({ policy: CredentialPolicy.open().with({ expiresAt: at(-1) }) });
      integration.renewExpiry(at(60), null);
      expect(integration.toSnapshot()).toMatchObject({ policy: { expiresAt: at(-1) }, updatedAt: NOW });
    });

    it('gives credentials without an expiry one maximum age from now', () => {
      const integration = stored();
      integration.renewExpiry(at(60), 90);
      expect(integration.toSnapshot()).toMatchObject({ policy: { expiresAt: new Date(at(60).getTime() + 90 * DAY_MS) }, updatedAt: at(60) });
      expect(integration.pullEvents()).toEqual([]);
    });

    it('keeps an own expiry that is earlier and still ahead (the maximum age never loosens it)', () => {
      const own = new Date(NOW.getTime() + 10 * DAY_MS);
      const integration = stored({ policy: CredentialPolicy.open().with({ expiresAt: own }) });
      integration.renewExpiry(NOW, 90);
      expect(integration.policy.expiresAt).toEqual(own);
      // Exactly at the maximum age is no later either.
      const atMaximum = stored({ policy: CredentialPolicy.open().with({ expiresAt: new Date(NOW.getTime() + 90 * DAY_MS) }) });
      atMaximum.renewExpiry(NOW, 90);
      expect(atMaximum.policy.expiresAt).toEqual(new Date(NOW.getTime() + 90 * DAY_MS));
    });

    it('shortens an own expiry later than the maximum age', () => {
      const integration = stored({ policy: CredentialPolicy.open().with({ expiresAt: new Date(NOW.getTime() + 365 * DAY_MS) }) });
      integration.renewExpiry(NOW, 90);
      expect(integration.policy.expiresAt).toEqual(new Date(NOW.getTime() + 90 * DAY_MS));
    });

    it('renews an expiry that has passed (or is now), the other parts kept', () => {
      const policy = CredentialPolicy.open().with({ allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
      for (const past of [at(-1), NOW]) {
        const integration = stored({ policy: policy.with({ expiresAt: past }) });
        integration.renewExpiry(NOW, 30);
        expect(integration.policy.toSnapshot()).toEqual({ expiresAt: new Date(NOW.getTime() + 30 * DAY_MS), allowedIps: ['10.0.0.0/8'], rateLimit: { limit: 10, windowSeconds: 60 } });
      }
    });
  });

  describe('rotateConsumerSecret', () => {
    it('without grace replaces the secret at once: the key stays, no previous secret', () => {
      const integration = stored();
      integration.rotateConsumerSecret('n'.repeat(32), 0, at(60));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: 'n'.repeat(32) });
      expect(integration.toSnapshot().updatedAt).toEqual(at(60));
      expect(happened(integration)).toEqual([['IntegrationConsumerSecretRotated', { integrationName: 'ERP', graceSeconds: 0 }]]);
    });

    it('with grace keeps the old secret as previous until the grace ends; the event carries no secret', () => {
      const integration = stored();
      integration.rotateConsumerSecret('n'.repeat(32), 300, at(60));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: 'n'.repeat(32), previous: { secret: OLD_SECRET, until: at(360) } });
      const events = integration.pullEvents();
      expect(events.map((event) => [event.name, event.payload])).toEqual([['IntegrationConsumerSecretRotated', { integrationName: 'ERP', graceSeconds: 300 }]]);
      expect(JSON.stringify(events)).not.toMatch(/s{32}|n{32}/);
    });

    it('a second rotation drops the older previous secret: only the one it replaces keeps working', () => {
      const integration = stored();
      integration.rotateConsumerSecret('n'.repeat(32), 300, at(60));
      integration.rotateConsumerSecret('m'.repeat(32), 60, at(120));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: 'm'.repeat(32), previous: { secret: 'n'.repeat(32), until: at(180) } });

      integration.rotateConsumerSecret('o'.repeat(32), 0, at(130));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: 'o'.repeat(32) });
    });

    it('rotates a config integration’s secret too', () => {
      const integration = stored({ setupType: 'config' });
      integration.rotateConsumerSecret('n'.repeat(32), 0, at(60));
      expect(integration.credentials.require('oauth1').secret).toBe('n'.repeat(32));
    });

    it('round-trips the previous secret through its snapshot', () => {
      const integration = stored();
      integration.rotateConsumerSecret('n'.repeat(32), 300, at(60));
      expect(Integration.restore(integration.toSnapshot()).credentials.require('oauth1').previous).toEqual({ secret: OLD_SECRET, until: at(360) });
    });
  });

  describe('endSecretGrace', () => {
    it('drops the previous secret at once, the current one kept', () => {
      const integration = stored();
      integration.rotateConsumerSecret('n'.repeat(32), 300, at(60));
      integration.pullEvents();
      integration.endSecretGrace(at(90));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: 'n'.repeat(32) });
      expect(integration.toSnapshot().updatedAt).toEqual(at(90));
      expect(integration.pullEvents()).toEqual([]);
    });

    it('does nothing without a previous secret', () => {
      const integration = stored();
      integration.endSecretGrace(at(90));
      expect(integration.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: KEY, secret: OLD_SECRET });
      expect(integration.toSnapshot().updatedAt).toEqual(NOW);
    });
  });
});
