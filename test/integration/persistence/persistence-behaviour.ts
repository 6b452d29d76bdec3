import { createConnection } from 'mysql2/promise';
import { type AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { tokenDigest } from '../../../src/adapters/persistence/mappers/oauth-token.mapper';
import { upgradeLegacyTokens, type Persistence } from '../../../src/adapters/persistence/persistence';
import { Grant } from '../../../src/domain/acl/grant.value-object';
import { Role } from '../../../src/domain/role/role.aggregate';
import { OAuthToken } from '../../../src/domain/token/oauth-token.aggregate';
import { buildContainer } from '../../../src/infrastructure/container/build-container';
import { persistenceModule } from '../../../src/infrastructure/container/persistence.module';
import { portcullisFrom, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { type Backend } from './backends';
import { anIntegration } from './repository-contract';

/** Behaviour only a real database shows: races on unique keys, cascades, encryption at rest. */
export function sqlBehaviour(open: () => Promise<Backend>): void {
  let backend: Backend;
  let portcullis: Portcullis;
  beforeAll(async () => {
    backend = await open();
    const persistence = backend.persistence;
    if (persistence === null) throw new Error('a SQL backend is needed');
    portcullis = portcullisFrom(buildContainer({ aclResources: [SHOP_ACL] }, persistenceModule(persistence)));
  });
  beforeEach(async () => {
    await backend.reset();
  });
  afterAll(async () => {
    await backend?.close();
  });

  const persistence = (): Persistence => {
    if (backend.persistence === null) throw new Error('a SQL backend is needed');
    return backend.persistence;
  };
  const cipherOf = (): AesGcmSecretCipher => {
    if (backend.cipher === null) throw new Error('a SQL backend is needed');
    return backend.cipher;
  };
  const rawRows = async (sql: string): Promise<Array<Record<string, unknown>>> =>
    (await backend.persistence?.dataSource.query(sql)) as Array<Record<string, unknown>>;

  it('gives exactly one success and one NAME_TAKEN for two concurrent creates of the same name', async () => {
    const create = (name: string): Promise<unknown> =>
      portcullis.integrations.create({ name, email: 'race@example.com', resourceAccess: 'custom', resources: [R.orders] });
    const results = await Promise.allSettled([create('Race'), create('RACE'), create('race ')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.map((f) => (f.reason as { code?: string }).code)).toEqual(['INTEGRATION.NAME_TAKEN', 'INTEGRATION.NAME_TAKEN']);
    expect(await rawRows('SELECT id FROM integration')).toHaveLength(1);
    expect(await rawRows('SELECT integration_id FROM oauth_consumer')).toHaveLength(1);
    expect(await rawRows("SELECT id FROM authorization_role WHERE kind = 'integration'")).toHaveLength(1);
  });

  it('lets many concurrent creates of different integrations all succeed (no deadlock)', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, (_, i) =>
        portcullis.integrations.create({ name: `Parallel ${i}`, email: 'p@example.com', resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r).reason))).toEqual([]);
    expect(await rawRows('SELECT role_id FROM authorization_rule')).toHaveLength(32);
  });

  it('stores consumer and token secrets encrypted, never in clear', async () => {
    const { activation } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', activate: true });
    if (activation?.mode !== 'local') throw new Error('expected local activation');
    const { consumerSecret, accessTokenSecret } = activation.credentials;
    const consumers = await rawRows('SELECT secret FROM oauth_consumer');
    const tokens = await rawRows('SELECT secret FROM oauth_token');
    expect(consumers).toHaveLength(1);
    expect(tokens).toHaveLength(1);
    for (const row of [...consumers, ...tokens]) {
      expect(String(row.secret)).toMatch(/^v1:/);
      expect(String(row.secret)).not.toContain(consumerSecret);
      expect(String(row.secret)).not.toContain(accessTokenSecret);
    }
    const everything = JSON.stringify([...(await rawRows('SELECT * FROM oauth_consumer')), ...(await rawRows('SELECT * FROM oauth_token'))]);
    expect(everything).not.toContain(consumerSecret);
    expect(everything).not.toContain(accessTokenSecret);
  });

  it('stores a rotated-out consumer secret encrypted, like the secret', async () => {
    const integration = anIntegration('Rotated');
    const oldSecret = integration.credentials.require('oauth1').secret;
    integration.rotateConsumerSecret('n'.repeat(32), 60, new Date('2026-05-01T09:30:00.456Z'));
    await backend.integrations.save(integration);
    const [row] = await rawRows('SELECT secret, previous_secret FROM oauth_consumer');
    expect(String(row?.previous_secret)).toMatch(/^v1:/);
    expect(String(row?.previous_secret)).not.toContain(oldSecret);
    expect(cipherOf().decrypt(String(row?.previous_secret))).toBe(oldSecret);
    expect(cipherOf().decrypt(String(row?.secret))).toBe('n'.repeat(32));
  });

  it('stores access tokens by digest and ciphertext: a copy of the database holds no token usable as oauth_token or bearer', async () => {
    const { integration, activation } = await portcullis.integrations.create({ name: 'Hashed', email: 'h@example.com', resourceAccess: 'all', activate: true });
    if (activation?.mode !== 'local') throw new Error('expected local activation');
    const { accessToken } = activation.credentials;
    const [row] = await rawRows('SELECT * FROM oauth_token');
    expect(row?.token).toBe(tokenDigest(accessToken));
    expect(String(row?.token_cipher)).toMatch(/^v1:/);
    expect(JSON.stringify(await rawRows('SELECT * FROM oauth_token'))).not.toContain(accessToken);
    // Looked up by digest; shown again to admins from the ciphertext.
    expect((await backend.tokens.findByToken(accessToken))?.token).toBe(accessToken);
    expect(await backend.tokens.findByToken(tokenDigest(accessToken))).toBeNull();
    expect((await portcullis.integrations.credentials({ id: integration.id })).accessToken).toBe(accessToken);
  });

  it('upgrades a token row written in clear before 0.2 at the next open: digest and ciphertext, still found and shown', async () => {
    const { integration, activation } = await portcullis.integrations.create({ name: 'Legacy', email: 'l@example.com', resourceAccess: 'all', activate: true });
    if (activation?.mode !== 'local') throw new Error('expected local activation');
    const { accessToken, accessTokenSecret } = activation.credentials;
    // As an earlier version wrote it: the token itself, no ciphertext.
    await backend.persistence?.dataSource.query('UPDATE oauth_token SET token = ?, token_cipher = NULL', [accessToken]);

    await upgradeLegacyTokens(persistence().dataSource, persistence().schemas, cipherOf());

    const [row] = await rawRows('SELECT token, token_cipher FROM oauth_token');
    expect(row?.token).toBe(tokenDigest(accessToken));
    expect(String(row?.token_cipher)).toMatch(/^v1:/);
    const found = await backend.tokens.findByToken(accessToken);
    expect({ token: found?.token, secret: found?.secret }).toEqual({ token: accessToken, secret: accessTokenSecret });
    expect((await portcullis.integrations.credentials({ id: integration.id })).accessToken).toBe(accessToken);
    // Once upgraded, a second run changes nothing.
    await upgradeLegacyTokens(persistence().dataSource, persistence().schemas, cipherOf());
    expect(await rawRows('SELECT token, token_cipher FROM oauth_token')).toEqual([row]);
  });

  it('deletes an integration with its consumer, tokens, nonces, role and rules (and nothing else)', async () => {
    const keep = await portcullis.integrations.create({ name: 'Keep', email: 'k@example.com', resourceAccess: 'custom', resources: [R.orders] });
    const gone = await portcullis.integrations.create({
      name: 'Gone',
      email: 'g@example.com',
      resourceAccess: 'custom',
      resources: [R.orders],
      excluded: [R.cancel],
      activate: true,
    });
    await backend.persistence?.dataSource.query(
      'INSERT INTO oauth_nonce (integration_id, nonce, timestamp) VALUES (?, ?, ?)',
      [gone.integration.id, 'n-1', 1_700_000_000],
    );
    await portcullis.integrations.delete({ id: gone.integration.id });
    for (const table of ['oauth_consumer', 'oauth_token', 'oauth_nonce', 'authorization_role']) {
      const rows = await rawRows(`SELECT integration_id FROM ${table}`);
      expect(rows.map((row) => row.integration_id)).not.toContain(gone.integration.id);
    }
    expect(await rawRows('SELECT role_id FROM authorization_rule')).toHaveLength(1);
    expect((await portcullis.integrations.get({ id: keep.integration.id })).name).toBe('Keep');
  });

  it('cascades at the database level too, when an integration row is deleted directly', async () => {
    const integration = anIntegration('Direct');
    await backend.integrations.save(integration);
    await backend.roles.save(Role.forIntegration({ id: 'role-direct', integrationId: integration.id, grant: Grant.custom([R.orders]), now: new Date() }));
    await backend.tokens.save(
      OAuthToken.issueAccessToken({ id: 'tok-direct', integrationId: integration.id, token: 'd'.repeat(32), secret: 's'.repeat(32), now: new Date() }),
    );
    await backend.integrations.delete(integration.id);
    for (const table of ['oauth_consumer', 'oauth_token', 'authorization_role', 'authorization_rule']) {
      expect(await rawRows(`SELECT * FROM ${table}`)).toEqual([]);
    }
  });

  it('rolls a failed save-and-activate back completely (no consumer without its integration)', async () => {
    const before = await rawRows('SELECT COUNT(*) AS n FROM integration');
    await expect(
      portcullis.integrations.create({
        name: 'Needs exchange',
        email: 'x@example.com',
        endpoint: 'https://x.example/cb',
        identityLinkUrl: 'https://x.example/id',
        resourceAccess: 'all',
        activate: true,
      }),
    ).rejects.toMatchObject({ code: 'INTEGRATION.TOKEN_EXCHANGE_UNAVAILABLE' });
    expect(await rawRows('SELECT COUNT(*) AS n FROM integration')).toEqual(before);
    expect(await rawRows('SELECT * FROM oauth_consumer')).toEqual([]);
    expect(await rawRows('SELECT * FROM authorization_role')).toEqual([]);
  });
}

/** Drops every table of a MySQL URL's database (for restart tests that start from nothing). */
export async function dropMysqlTables(url: string): Promise<void> {
  const connection = await createConnection(url);
  try {
    const [rows] = await connection.query('SHOW TABLES');
    await connection.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const row of rows as Array<Record<string, string>>) await connection.query(`DROP TABLE \`${Object.values(row)[0]}\``);
    await connection.query('SET FOREIGN_KEY_CHECKS = 1');
  } finally {
    await connection.end();
  }
}
