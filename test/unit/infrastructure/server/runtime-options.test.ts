import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runtimeOptionsOf } from '../../../../src/infrastructure/server/runtime-options';
import { loadServerConfig } from '../../../../src/infrastructure/server/server-config';
import { openRuntime } from '../../../../src/infrastructure/create-portcullis';
import { ADMIN_AUTH_SETTINGS, type AdminAuthSettings } from '../../../../src/application/use-cases/admin-auth/admin-auth.settings';
import { GUARD_SETTINGS, type GuardSettings } from '../../../../src/application/guard/guard.settings';
import { AUDIT_SETTINGS, type AuditSettings } from '../../../../src/application/use-cases/audit/audit.settings';
import { CREDENTIAL_SETTINGS, type CredentialSettings } from '../../../../src/application/credentials/credential.settings';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-runtime-options-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every setting that changes how Portcullis runs, from the environment and the --config file. */
function everySetting(): ReturnType<typeof loadServerConfig> {
  const file = join(dir, 'portcullis.json');
  writeFileSync(file, JSON.stringify({ signInLockout: { maxFailures: 3, lockSeconds: 120 } }));
  return loadServerConfig(
    {
      PORTCULLIS_DATA_DIR: dir,
      PORTCULLIS_SECRET_KEY: '5e'.repeat(32),
      PUBLIC_BASE_URL: 'https://shop.example',
      ADMIN_TOKEN_LIFETIME_SECONDS: '600',
      ALLOW_INTEGRATION_BEARER: 'true',
      OAUTH_ALLOW_SHA1: 'true',
      OUTBOUND_ALLOWED_NETWORKS: '10.0.0.0/8',
      AUDIT_RETENTION_DAYS: '90',
      CREDENTIALS_MAX_AGE_DAYS: '180',
    },
    file,
  );
}

describe('runtimeOptionsOf (the one mapping of settings to library options, for the server and the CLI)', () => {
  it('carries every setting that changes how Portcullis runs', () => {
    const options = runtimeOptionsOf(everySetting());
    expect(options).toMatchObject({
      dataDir: dir,
      secretKey: '5e'.repeat(32),
      publicBaseUrl: 'https://shop.example',
      adminTokenLifetimeSeconds: 600,
      signInLockout: { maxFailures: 3, lockSeconds: 120 },
      guard: { integrationBearer: true },
      oauth: { allowSha1: true },
      outboundAllowedNetworks: ['10.0.0.0/8'],
      auditRetentionDays: 90,
      credentialsMaxAgeDays: 180,
    });
  });

  it('opens a runtime that applies them (what the CLI opens: it once dropped the lock-out, the token lifetime and bearer use)', async () => {
    const runtime = await openRuntime({ ...runtimeOptionsOf(everySetting()), database: 'memory' });
    try {
      expect(runtime.container.get<AdminAuthSettings>(ADMIN_AUTH_SETTINGS)).toMatchObject({ tokenLifetimeSeconds: 600, lockout: { maxFailures: 3, lockSeconds: 120 } });
      expect(runtime.container.get<GuardSettings>(GUARD_SETTINGS)).toMatchObject({ integrationBearer: true });
      expect(runtime.container.get<AuditSettings>(AUDIT_SETTINGS)).toEqual({ retentionDays: 90 });
      expect(runtime.container.get<CredentialSettings>(CREDENTIAL_SETTINGS)).toEqual({ maxAgeDays: 180 });
    } finally {
      await runtime.close();
    }
  });
});
