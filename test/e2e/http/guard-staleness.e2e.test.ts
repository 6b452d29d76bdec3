import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql } from '../../integration/persistence/backends';
import { spawnServer, type ChildServer } from '../../support/child-server';
import { freePort } from '../../support/free-port';
import { anActiveIntegration, forwardAuthHeaders, signedHeader, type IntegrationCredentials } from './forward-auth-support';
import { startTestServer, type TestServer } from './server-harness';

/**
 * The guard caches what it reads for at most 1 s (GuardSettings.cacheTtlMs): a revoked token, a
 * narrowed grant or a signed-out admin must be refused by EVERY process within that bound. Server
 * A (this process) makes the change; server B (a second OS process on the same MariaDB, real clock,
 * default cache) is asked through forward-auth before the change, and again 1.1 s after it.
 */
const ROOT = join(__dirname, '..', '..', '..');
const DATABASE = 'portcullis_test_e2e_guard_staleness';
const PUBLIC_BASE_URL = 'http://shop.test';
const ACL = 'Portcullis::acl';
const INTEGRATIONS = 'Portcullis::integrations';
/** The cache TTL (1 s) and a margin for the request itself. */
const BEYOND_TTL_MS = 1100;

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeMysql('guard cache staleness across two server processes on one MariaDB', () => {
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  let a: TestServer;
  let b: ChildServer | undefined;
  let dataDirB: string;
  let admin: string;
  let counter = 0;

  beforeAll(async () => {
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    const databaseUrl = base.replace(/\/[^/]*$/, `/${DATABASE}`);
    await recreateMysqlDatabase(databaseUrl);
    a = await startTestServer('mysql', { externalDatabaseUrl: databaseUrl, config: { port: await freePort(), host: '127.0.0.1', secretKey, publicBaseUrl: PUBLIC_BASE_URL } });
    dataDirB = mkdtempSync(join(tmpdir(), 'portcullis-e2e-staleness-b-'));
    b = await spawnServer(ROOT, { DATABASE_URL: databaseUrl, PORTCULLIS_SECRET_KEY: secretKey, PUBLIC_BASE_URL }, dataDirB);
    admin = await a.signIn();
  }, 90_000);
  afterAll(async () => {
    await b?.stop();
    await a?.close();
    rmSync(dataDirB, { recursive: true, force: true });
  });

  const anIntegration = (resources: readonly string[]): Promise<{ id: string; credentials: IntegrationCredentials }> => anActiveIntegration(a, admin, `Cached ${++counter}`, resources);
  /** Asks server B whether a request to the host's API may pass. */
  const askB = async (required: string, authorization: string): Promise<number> =>
    (await fetch(`${b?.origin ?? ''}/rest/V1/authorize`, { headers: forwardAuthHeaders(authorization, required) })).status;
  const signed = (credentials: IntegrationCredentials): string => signedHeader(credentials, { publicBaseUrl: PUBLIC_BASE_URL });

  it('a token revoked on A is refused by B within 1 s', async () => {
    const { id, credentials } = await anIntegration([ACL]);
    expect(await askB(ACL, signed(credentials))).toBe(200);

    expect((await a.call('POST', `/rest/V1/integrations/${id}/revoke`, { token: admin })).statusCode).toBe(200);
    await delay(BEYOND_TTL_MS);

    expect(await askB(ACL, signed(credentials))).toBe(401);
  });

  it('a grant narrowed on A is applied by B within 1 s', async () => {
    const { id, credentials } = await anIntegration([ACL, INTEGRATIONS]);
    expect(await askB(INTEGRATIONS, signed(credentials))).toBe(200);

    const narrowed = await a.call('PUT', `/rest/V1/integrations/${id}`, { token: admin, body: { resourceAccess: 'custom', resources: [ACL], currentPassword: a.adminPassword } });
    expect(narrowed.statusCode).toBe(200);
    await delay(BEYOND_TTL_MS);

    expect(await askB(INTEGRATIONS, signed(credentials))).toBe(403);
    expect(await askB(ACL, signed(credentials))).toBe(200);
  });

  it('an admin token signed out on A is refused by B within 1 s', async () => {
    const token = await a.signIn();
    expect(await askB(ACL, `Bearer ${token}`)).toBe(200);

    expect((await a.call('DELETE', '/rest/V1/integration/admin/token', { token })).statusCode).toBe(200);
    await delay(BEYOND_TTL_MS);

    expect(await askB(ACL, `Bearer ${token}`)).toBe(401);
  });
});
