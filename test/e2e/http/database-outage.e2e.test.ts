import { createConnection } from 'mysql2/promise';
import { Gate } from '../../support/gate';
import { type TokenExchange } from '../../../src/application/ports/token-exchange.port';
import { type Integration } from '../../../src/domain/integration/integration.aggregate';
import { describeMysql } from '../../integration/persistence/backends';
import { HANDSHAKE_URLS, succeedingExchange } from '../../support/integration-fixtures';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../support/private-mariadb';
import { startTestServer, type TestServer } from './server-harness';

const UNAVAILABLE = { message: 'The database is unavailable. Try again shortly.', code: 'SERVICE.DATABASE_UNAVAILABLE' };

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A token exchange that can be held: "Save and Activate" with handshake URLs asks it for the
 * identity link inside its transaction, after the integration and its role are written. Holding it there lets
 * the test take the database away in the middle of a transaction.
 */
class GatedExchange extends Gate implements TokenExchange {
  async identityLinkFor(integration: Integration): Promise<string> {
    await this.pass();
    return succeedingExchange.identityLinkFor(integration);
  }

  sendCredentials(): Promise<void> {
    return Promise.resolve();
  }
}

async function untilReady(t: TestServer): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await t.call('GET', '/ready')).statusCode !== 200) {
    if (Date.now() > deadline) throw new Error('the server did not become ready within 30 s of the database restart');
    await delay(100);
  }
}

/**
 * The server on a MariaDB of the test's own: the database is stopped under it and started again,
 * and the server (never restarted) must answer 503 meanwhile and recover by itself afterwards.
 */
describeMysql('database outage and recovery (private MariaDB)', () => {
  let db: PrivateMariaDb;
  let t: TestServer;
  let token: string;
  let before: { id: string; name: string };
  const exchange = new GatedExchange();

  /** Rows of a table, read straight from the database (not through the server). */
  const rowCount = async (sql: string, values: unknown[] = []): Promise<number> => {
    const connection = await createConnection(db.url);
    try {
      const [rows] = await connection.query(sql, values);
      return (rows as Array<{ count: number }>)[0]?.count ?? -1;
    } finally {
      await connection.end();
    }
  };

  beforeAll(async () => {
    db = await startPrivateMariaDb({ database: 'portcullis_outage' });
    t = await startTestServer('mysql', { externalDatabaseUrl: db.url, overrides: { tokenExchange: exchange } });
    token = await t.signIn();
    const created = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Before the outage', email: 'ops@shop.example', resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
    expect(created.statusCode).toBe(201);
    before = created.json<{ integration: { id: string; name: string } }>().integration;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await db?.destroy();
  }, 60_000);

  it('answers 503 with a clear message while the database is down, then recovers by itself with nothing lost', async () => {
    expect((await t.call('GET', '/ready')).statusCode).toBe(200);
    await db.stop();

    // Readiness fails; liveness does not.
    const ready = await t.call('GET', '/ready');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual(UNAVAILABLE);
    expect(ready.headers['retry-after']).toBe('5');
    expect((await t.call('GET', '/health')).statusCode).toBe(200);

    // Every kind of call: 503 with the message and Retry-After, never a 500 or a driver error.
    const calls: Array<[string, string, unknown?]> = [
      ['GET', '/rest/V1/integrations'],
      ['GET', `/rest/V1/integrations/${before.id}`],
      ['GET', `/rest/V1/integrations/${before.id}/credentials`],
      ['GET', '/rest/V1/roles'],
      ['GET', '/rest/V1/admin-users'],
      ['GET', '/rest/V1/acl/resources'],
      ['POST', '/rest/V1/integrations', { name: 'During the outage', email: 'ops@shop.example', resourceAccess: 'all', currentPassword: t.adminPassword }],
      ['POST', '/rest/V1/integration/admin/token', { username: 'admin', password: t.adminPassword }],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [method, url, body] of calls) {
        const response = await t.call(method, url, { token, ...(body !== undefined ? { body } : {}) });
        expect({ call: `${method} ${url}`, status: response.statusCode }).toEqual({ call: `${method} ${url}`, status: 503 });
        expect(response.json()).toEqual(UNAVAILABLE);
        expect(response.headers['retry-after']).toBe('5');
      }
    }
    expect((await t.call('GET', '/health')).statusCode).toBe(200);

    // The database comes back on the same port; the server is not restarted.
    await db.start();
    const deadline = Date.now() + 30_000;
    let readyAgain = await t.call('GET', '/ready');
    while (readyAgain.statusCode !== 200 && Date.now() < deadline) {
      await delay(100);
      readyAgain = await t.call('GET', '/ready');
    }
    expect(readyAgain.statusCode).toBe(200);
    expect(readyAgain.json()).toEqual({ status: 'ready', database: 'up' });

    // Nothing lost: the token from before still works, the integration is still there and active.
    const list = await t.call('GET', '/rest/V1/integrations', { token });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: Array<{ id: string; name: string; status: string }> }>().items;
    expect(items).toEqual([expect.objectContaining({ id: before.id, name: 'Before the outage', status: 'active' })]);
    expect((await t.call('GET', `/rest/V1/integrations/${before.id}/credentials`, { token })).statusCode).toBe(200);

    // The create refused during the outage left nothing behind: no row, no role, and the name is free.
    expect(await rowCount('SELECT COUNT(*) AS count FROM integration WHERE name = ?', ['During the outage'])).toBe(0);
    expect(await rowCount('SELECT COUNT(*) AS count FROM integration')).toBe(1);
    const retried = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'During the outage', email: 'ops@shop.example', resourceAccess: 'all', currentPassword: t.adminPassword },
    });
    expect(retried.statusCode).toBe(201);
    expect(await rowCount('SELECT COUNT(*) AS count FROM integration')).toBe(2);

    // Every other call succeeds again, sign-in included.
    for (const [method, url] of calls.filter(([method]) => method === 'GET')) {
      expect({ call: `${method} ${url}`, status: (await t.call(method, url, { token })).statusCode }).toEqual({ call: `${method} ${url}`, status: 200 });
    }
    await t.signIn();
  }, 120_000);

  it('rolls back a save caught by the outage in the middle of its transaction', async () => {
    const integrationsBefore = await rowCount('SELECT COUNT(*) AS count FROM integration');
    const rolesBefore = await rowCount('SELECT COUNT(*) AS count FROM authorization_role');
    exchange.hold();
    const saving = t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Caught mid-save', email: 'dev@partner.example', ...HANDSHAKE_URLS, resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
    // The integration and its role are written (uncommitted); the exchange holds the transaction open.
    const deadline = Date.now() + 10_000;
    while (exchange.waiting === 0 && Date.now() < deadline) await delay(10);
    expect(exchange.waiting).toBe(1);
    await db.stop();
    exchange.release();
    const answer = await saving;
    expect(answer.statusCode).toBe(503);
    expect(answer.json()).toEqual(UNAVAILABLE);

    await db.start();
    await untilReady(t);
    expect(await rowCount('SELECT COUNT(*) AS count FROM integration WHERE name = ?', ['Caught mid-save'])).toBe(0);
    expect(await rowCount('SELECT COUNT(*) AS count FROM integration')).toBe(integrationsBefore);
    expect(await rowCount('SELECT COUNT(*) AS count FROM authorization_role')).toBe(rolesBefore);
    // Saved again, it goes through.
    const again = await t.call('POST', '/rest/V1/integrations', {
      token,
      body: { name: 'Caught mid-save', email: 'dev@partner.example', ...HANDSHAKE_URLS, resourceAccess: 'all', activate: true, currentPassword: t.adminPassword },
    });
    expect(again.statusCode).toBe(201);
    expect(again.json<{ activation: { mode: string } }>().activation.mode).toBe('exchange');
  }, 120_000);

  it('survives a second outage the same way (the pool holds no dead connections)', async () => {
    await db.stop();
    expect((await t.call('GET', '/rest/V1/roles', { token })).statusCode).toBe(503);
    expect((await t.call('GET', '/ready')).statusCode).toBe(503);
    await db.start();
    await untilReady(t);
    // Several requests at once, more than one pooled connection.
    const answers = await Promise.all(Array.from({ length: 12 }, () => t.call('GET', '/rest/V1/integrations', { token })));
    expect(answers.map((answer) => answer.statusCode)).toEqual(Array(12).fill(200));
  }, 120_000);
});
