import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LightMyRequestResponse } from 'fastify';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { type ServerConfig } from '../../../src/infrastructure/server/server-config';
import { startServer, type RunningServer, type StartOptions } from '../../../src/infrastructure/server/start-server';
import { fastPasswordHasher, FixedClock } from '../../support/deterministic-ports';
import { mysqlAvailable } from '../../integration/persistence/backends';

export type BackendKind = 'sqlite' | 'mysql';

export interface TestServer {
  readonly server: RunningServer;
  /** Moves only when a test says so (token expiry, lock-out windows). */
  readonly clock: FixedClock;
  readonly dataDir: string;
  /** The initial `admin` password printed at first start. */
  readonly adminPassword: string;
  /** What the server printed for the operator. */
  readonly printed: string;
  /** Fastify inject: a real HTTP request through the whole stack, without a socket. */
  call(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  /** Signs in and returns the bearer token (throws unless 200). */
  signIn(username?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** A distinct MySQL database per test file, so files in parallel workers never collide. */
  readonly mysqlDatabase?: string;
  readonly config?: Partial<ServerConfig>;
  readonly overrides?: StartOptions['overrides'];
  readonly logStream?: NodeJS.WritableStream;
  /**
   * A database the test owns (e.g. a private MariaDB), used as it is: not re-created, and `kind`
   * only names the dialect. Default: a fresh SQLite file, or a fresh database on TEST_MYSQL_URL.
   */
  readonly externalDatabaseUrl?: string;
}

/**
 * The standalone server as `npm start` builds it (same composition root, migrations, first-admin
 * bootstrap), listening on a free port, on a fresh SQLite file or a fresh MySQL database. Only
 * the clock and the password hasher's cost are replaced, to keep tests fast and deterministic.
 */
export async function startTestServer(kind: BackendKind, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-e2e-'));
  const clock = new FixedClock(new Date());
  let databaseUrl = `sqlite:${join(dataDir, 'portcullis.sqlite')}`;
  if (options.externalDatabaseUrl !== undefined) {
    databaseUrl = options.externalDatabaseUrl;
  } else if (kind === 'mysql') {
    if (!mysqlAvailable()) throw new Error(`MySQL is required but did not answer: ${process.env.PORTCULLIS_TEST_MYSQL_ERROR ?? 'unknown error'}`);
    const base = process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test';
    databaseUrl = base.replace(/\/[^/]*$/, `/${options.mysqlDatabase ?? 'portcullis_test_e2e'}`);
    await recreateMysqlDatabase(databaseUrl);
  }
  let printed = '';
  const server = await startServer(
    {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      databaseUrl,
      secretKey: AesGcmSecretCipher.generateKey().toString('hex'),
      logLevel: options.logStream !== undefined ? 'info' : 'silent',
      trustProxy: false,
      ...options.config,
    },
    {
      print: (text) => {
        printed += text;
      },
      overrides: { clock, passwordHasher: fastPasswordHasher(), ...options.overrides },
      ...(options.logStream !== undefined ? { logStream: options.logStream } : {}),
    },
  );
  const adminPassword = server.initialAdmin?.password ?? '';
  const call: TestServer['call'] = (method, url, callOptions = {}) =>
    server.app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(callOptions.token !== undefined ? { authorization: `Bearer ${callOptions.token}` } : {}),
        ...callOptions.headers,
      },
      ...(callOptions.body !== undefined ? { payload: callOptions.body as object } : {}),
    });
  return {
    server,
    clock,
    dataDir,
    adminPassword,
    get printed() {
      return printed;
    },
    call,
    signIn: async (username = 'admin', password = adminPassword) => {
      const response = await call('POST', '/rest/V1/integration/admin/token', { body: { username, password } });
      if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      return response.json<string>();
    },
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
