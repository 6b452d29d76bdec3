import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { type PortcullisEvent } from '../../../src/application/ports/domain-events.port';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { SHOP_ACL } from '../../support/acl-fixtures';
import { HANDSHAKE_URLS } from '../../support/integration-fixtures';

/**
 * On the real SQLite backend, a subscriber looks at the database through a connection of its
 * own, which sees only what is committed: every event it is given finds the change already there.
 */
describe('domain events on SQLite: published after commit, never for a rollback', () => {
  let dir: string;
  let portcullis: Portcullis;
  let reader: DataSource;
  /** Each event as the subscriber saw it: its name and the integration's committed status then. */
  let seen: string[];

  const committedStatus = async (id: string): Promise<string> => {
    const rows = await reader.query<Array<{ status: string }>>('SELECT status FROM integration WHERE id = ?', [id]);
    return rows[0]?.status ?? 'absent';
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-events-'));
    const file = join(dir, 'portcullis.sqlite');
    seen = [];
    const subscriber = async (event: PortcullisEvent): Promise<void> => {
      // Token and role events name their integration in the payload; integration events are its own.
      const { payload } = event;
      const integrationId = 'integrationId' in payload && payload.integrationId !== null ? payload.integrationId : event.aggregateId;
      seen.push(`${event.name} ${await committedStatus(integrationId)}`);
    };
    portcullis = await createPortcullis({
      database: { url: `sqlite:${file}` },
      secretKey: AesGcmSecretCipher.generateKey().toString('hex'),
      aclResources: [SHOP_ACL],
      eventSubscribers: [subscriber],
    });
    reader = new DataSource({ type: 'better-sqlite3', database: file });
    await reader.initialize();
  });
  afterEach(async () => {
    await reader.destroy();
    await portcullis.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the events of "Save and Activate" once the whole transaction is committed', async () => {
    await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', activate: true });

    // Even the first event finds the integration active: nothing was published between the saves.
    expect(seen).toEqual(['IntegrationCreated active', 'RoleCreated active', 'AccessTokenIssued active', 'IntegrationActivated active']);
  });

  it('publishes nothing for a transaction rolled back, and the change is not there', async () => {
    // Without a public base URL the handshake cannot start: the error rolls back the creation.
    await expect(
      portcullis.integrations.create({ name: 'Partner', email: 'p@example.com', resourceAccess: 'all', ...HANDSHAKE_URLS, activate: true }),
    ).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE' });

    expect(seen).toEqual([]);
    expect(await reader.query('SELECT COUNT(*) AS count FROM integration')).toEqual([{ count: 0 }]);
  });

  it('publishes a revocation and a deletion after they are committed', async () => {
    const { integration } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', activate: true });
    seen = [];

    await portcullis.integrations.revoke({ id: integration.id });
    await portcullis.integrations.delete({ id: integration.id });

    expect(seen).toEqual(['AccessTokenRevoked inactive', 'IntegrationDeactivated inactive', 'IntegrationDeleted absent']);
  });
});
