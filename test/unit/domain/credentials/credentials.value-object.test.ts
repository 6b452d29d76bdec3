import { Credentials } from '../../../../src/domain/credentials/credentials.value-object';
import { Integration } from '../../../../src/domain/integration/integration.aggregate';
import { errorFrom } from '../../../support/errors';

const consumer = { kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) } as const;

describe('Credentials', () => {
  it('holds one credential of each kind and finds it by kind', () => {
    const credentials = Credentials.of([consumer]);
    expect(credentials.get('oauth1')).toEqual(consumer);
    expect(credentials.require('oauth1').key).toBe('k'.repeat(32));
    expect(credentials.kinds).toEqual(['oauth1']);
  });

  it('answers null for a kind it lacks, and `require` refuses without repeating any secret', () => {
    const none = Credentials.of([]);
    expect(none.get('oauth1')).toBeNull();
    expect(errorFrom(() => none.require('oauth1'))).toMatchObject({ code: 'CREDENTIAL.MISSING', message: 'The integration has no credential of kind "oauth1".' });
  });

  it('refuses two credentials of one kind', () => {
    expect(errorFrom(() => Credentials.of([consumer, { ...consumer, key: 'x'.repeat(32) }]))).toMatchObject({ code: 'CREDENTIAL.KIND_REPEATED' });
  });

  it('is immutable: `with` gives a new set, replacing the credential of that kind; snapshots are copies', () => {
    const before = Credentials.of([consumer]);
    const after = before.with({ ...consumer, secret: 't'.repeat(32) });
    expect(before.require('oauth1').secret).toBe('s'.repeat(32));
    expect(after.require('oauth1').secret).toBe('t'.repeat(32));
    const snapshot = before.toSnapshot();
    (snapshot[0] as unknown as { secret: string }).secret = 'changed';
    expect(before.require('oauth1').secret).toBe('s'.repeat(32));
  });

  it('is what an integration authenticates with, kept through its snapshot', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const integration = Integration.create({ id: 'i-1', name: 'ERP', email: 'erp@example.com', setupType: 'manual', credentials: [consumer], now });
    expect(integration.credentials.require('oauth1')).toEqual(consumer);
    expect(Integration.restore(integration.toSnapshot()).credentials.toSnapshot()).toEqual([consumer]);
    expect(errorFrom(() => Integration.create({ id: 'i-2', name: 'ERP 2', email: 'erp@example.com', setupType: 'manual', credentials: [consumer, consumer], now }))).toMatchObject({
      code: 'CREDENTIAL.KIND_REPEATED',
    });
  });
});
