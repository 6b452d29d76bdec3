import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { openPersistence } from '../../../src/adapters/persistence/persistence';
import { type CredentialPolicyInput } from '../../../src/application/use-cases/integrations/credential-policy-input';
import { type AclResourceSource } from '../../../src/domain/acl/acl-resource-tree';
import { createPortcullis, type Portcullis } from '../../../src/infrastructure/create-portcullis';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { mysqlAvailable } from '../../integration/persistence/backends';
import { fastPasswordHasher, FixedClock } from '../../support/deterministic-ports';
import { fetchSigned, oauth1aHeader, type ClientAnswer, type Oauth1aSigning } from '../../support/oauth-clients';

/** The ACL of the small catalog host the guard tests protect. */
export const C = {
  catalog: 'Magento_Catalog::catalog',
  products: 'Magento_Catalog::products',
  sales: 'Magento_Sales::sales',
  createOrder: 'Magento_Sales::create',
  reports: 'Magento_Reports::report',
} as const;

export const CATALOG_ACL: AclResourceSource = {
  name: 'catalog host acl',
  resources: [
    { id: C.catalog, title: 'Catalog', children: [{ id: C.products, title: 'Products' }] },
    { id: C.sales, title: 'Sales', children: [{ id: C.createOrder, title: 'Create orders' }] },
    { id: C.reports, title: 'Reports' },
  ],
};

/**
 * The routes every host app of these tests serves, each answering `{ principal, body? }` from
 * `request.portcullis` / `req.portcullis`:
 * GET /rest/V1/health (anonymous), GET /rest/V1/products (products), POST /rest/V1/orders
 * (createOrder, form body echoed), GET /rest/V1/reports/sales (createOrder + reports).
 */
export const ROUTES = { health: '/rest/V1/health', products: '/rest/V1/products', orders: '/rest/V1/orders', salesReport: '/rest/V1/reports/sales' } as const;

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

export interface EmbeddedPortcullis {
  readonly portcullis: Portcullis;
  readonly clock: FixedClock;
  /** The database URL, for a second connection ("another process"). */
  readonly databaseUrl: string;
  readonly secretKey: string;
  close(): Promise<void>;
}

/**
 * Portcullis embedded as a host backend uses it: `createPortcullis` on a fresh SQLite file under a
 * temporary data dir (`database: {}`), or on a fresh MySQL/MariaDB database.
 */
export async function openEmbedded(kind: 'sqlite' | 'mysql', mysqlDatabase: string): Promise<EmbeddedPortcullis> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-guard-'));
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  let databaseUrl = `sqlite:${join(dataDir, 'portcullis.sqlite')}`;
  if (kind === 'mysql') {
    if (!mysqlAvailable()) throw new Error(`MySQL is required but did not answer: ${process.env.PORTCULLIS_TEST_MYSQL_ERROR ?? 'unknown error'}`);
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    databaseUrl = base.replace(/\/[^/]*$/, `/${mysqlDatabase}`);
    await recreateMysqlDatabase(databaseUrl);
  }
  const clock = new FixedClock(new Date());
  const portcullis = await createPortcullis({
    database: kind === 'sqlite' ? {} : { url: databaseUrl },
    dataDir,
    secretKey,
    aclResources: [CATALOG_ACL],
    clock,
    passwordHasher: fastPasswordHasher(),
  });
  return {
    portcullis,
    clock,
    databaseUrl,
    secretKey,
    close: async () => {
      await portcullis.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;

/** An integration saved and activated locally, allowed `resources` (under `policy`, open by default), with its four credentials. */
export async function anIntegration(
  portcullis: Portcullis,
  resources: readonly string[],
  options: { policy?: CredentialPolicyInput } = {},
): Promise<{ id: string; credentials: Credentials }> {
  const saved = await portcullis.integrations.create({
    name: `Catalog sync ${++counter}`,
    email: 'ops@erp.example',
    resourceAccess: 'custom',
    resources,
    activate: true,
    ...(options.policy !== undefined ? { policy: options.policy } : {}),
  });
  if (saved.activation?.mode !== 'local') throw new Error('expected a local activation');
  return { id: saved.integration.id, credentials: saved.activation.credentials };
}

/** The admin bearer token of the initial `admin` (created here). */
export async function anAdminToken(portcullis: Portcullis): Promise<string> {
  const initial = await portcullis.adminAuth.ensureInitialAdmin();
  if (!initial.created) throw new Error('expected the initial admin to be created');
  return (await portcullis.adminAuth.signIn({ username: initial.username, password: initial.password })).token;
}

/** Makes an integration inactive from another connection, as another process (or a config reset) would. */
export async function deactivateElsewhere(embedded: EmbeddedPortcullis, integrationId: string): Promise<void> {
  const persistence = await openPersistence({ url: embedded.databaseUrl, cipher: AesGcmSecretCipher.fromEncodedKey(embedded.secretKey), migrate: false });
  try {
    const integration = await persistence.integrations.findById(integrationId);
    if (integration === null) throw new Error(`no integration ${integrationId}`);
    integration.deactivate(embedded.clock.now());
    await persistence.integrations.save(integration);
  } finally {
    await persistence.close();
  }
}

/** A host app listening on a real port. */
export interface Host {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  close(): Promise<void>;
}

export interface SignedCall {
  readonly method?: string;
  /** Path and query. */
  readonly path: string;
  readonly form?: Readonly<Record<string, string>>;
}

/** A call signed by `oauth-1.0a` with an integration's credentials, sent with fetch. */
export function callSigned(host: Host, embedded: EmbeddedPortcullis, credentials: Credentials, call: SignedCall): Promise<ClientAnswer> {
  return fetchSigned(signing(host, embedded, credentials, call));
}

export function signing(host: Host, embedded: EmbeddedPortcullis, credentials: Credentials, call: SignedCall): Oauth1aSigning {
  return {
    method: call.method ?? 'GET',
    url: `${host.baseUrl}${call.path}`,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    token: credentials.accessToken,
    tokenSecret: credentials.accessTokenSecret,
    timestamp: Math.floor(embedded.clock.now().getTime() / 1000),
    ...(call.form !== undefined ? { form: call.form } : {}),
  };
}

export { oauth1aHeader };

/** A plain fetch (no signature) answering status and parsed JSON. */
export async function call(host: Host, path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(`${host.baseUrl}${path}`, init);
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown), headers: response.headers };
}

export function json(answer: ClientAnswer): unknown {
  return JSON.parse(answer.body) as unknown;
}
