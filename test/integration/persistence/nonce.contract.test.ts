import { randomUUID } from 'node:crypto';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { openPersistence, type Persistence } from '../../../src/adapters/persistence/persistence';
import { recreateMysqlDatabase } from '../../../src/infrastructure/tools/migration-tool';
import { describeMysql, openInMemory, openMysql, openSqlite, testCipher, type Backend } from './backends';
import { anIntegration } from './repository-contract';

/** oauth_timestamp values, seconds since the epoch. */
const T0 = Math.floor(new Date('2026-05-01T08:00:00Z').getTime() / 1000);
const MINUTE = 60;

/** The NonceRepository contract, the same for every storage. */
function nonceContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  /** Two saved integrations (the nonce's foreign key needs an existing one). */
  let first: string;
  let second: string;
  beforeAll(async () => {
    backend = await open();
  });
  beforeEach(async () => {
    await backend.reset();
    const a = anIntegration('Nonce Consumer A');
    const b = anIntegration('Nonce Consumer B');
    await backend.integrations.save(a);
    await backend.integrations.save(b);
    first = a.id;
    second = b.id;
  });
  afterAll(async () => {
    await backend?.close();
  });

  /** Nonce rows stored for one integration, counted in SQL (null in memory). */
  const storedRows = async (integrationId: string): Promise<number | null> => {
    if (backend.persistence === null) return null;
    const rows: Array<{ n: number | string }> = await backend.persistence.dataSource.query(
      'SELECT COUNT(*) AS n FROM oauth_nonce WHERE integration_id = ?',
      [integrationId],
    );
    return Number(rows[0]?.n);
  };

  it('accepts the first use of a nonce and refuses it again, even with another timestamp', async () => {
    expect(await backend.nonces.use(first, 'n-1', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'n-1', T0)).toBe(false);
    expect(await backend.nonces.use(first, 'n-1', T0 + MINUTE)).toBe(false);
    expect(await backend.nonces.use(first, 'n-1', T0 - MINUTE)).toBe(false);
    expect(await backend.nonces.use(first, 'n-2', T0)).toBe(true);
  });

  it('keeps nonces per consumer: the same nonce is new for another integration', async () => {
    expect(await backend.nonces.use(first, 'shared', T0)).toBe(true);
    expect(await backend.nonces.use(second, 'shared', T0)).toBe(true);
    expect(await backend.nonces.use(second, 'shared', T0)).toBe(false);
    expect(await backend.nonces.use(first, 'shared', T0)).toBe(false);
  });

  it('treats nonces differing only in letter case as distinct', async () => {
    // MariaDB's default collation (utf8mb4_unicode_ci) ignores case, trailing spaces and accents;
    // the SQL repository keys on a SHA-256 of the nonce, so these tests pin exact comparison.
    expect(await backend.nonces.use(first, 'abc', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'ABC', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'aBc', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'ABC', T0)).toBe(false);
  });

  it('treats trailing-space variants as distinct', async () => {
    // PAD SPACE collations (utf8mb4_unicode_ci and utf8mb4_bin alike) would make 'abc ' = 'abc'.
    expect(await backend.nonces.use(first, 'abc', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'abc ', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'abc  ', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'abc ', T0)).toBe(false);
  });

  it('stores a 255-character nonce', async () => {
    const long = 'x'.repeat(254) + 'y';
    expect(long).toHaveLength(255);
    expect(await backend.nonces.use(first, long, T0)).toBe(true);
    expect(await backend.nonces.use(first, long, T0)).toBe(false);
    expect(await backend.nonces.use(first, `${'x'.repeat(254)}z`, T0)).toBe(true);
  });

  it('stores unicode nonces, up to 255 characters', async () => {
    const nonces = ['ノンス', '🔐🔑', 'Grüße', 'ü'.repeat(255), `${'🔐'.repeat(127)}!`];
    for (const nonce of nonces) expect(await backend.nonces.use(first, nonce, T0)).toBe(true);
    for (const nonce of nonces) expect(await backend.nonces.use(first, nonce, T0)).toBe(false);
    expect(await backend.nonces.use(second, 'ノンス', T0)).toBe(true);
  });

  it('treats accent variants as distinct', async () => {
    expect(await backend.nonces.use(first, 'nönce-ä', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'nonce-a', T0)).toBe(true);
  });

  it('treats differently normalised forms (NFD and NFC) as distinct', async () => {
    expect(await backend.nonces.use(first, 'caf\u0065\u0301', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'caf\u00e9', T0)).toBe(true);
  });

  it('accepts exactly one of 20 concurrent uses of one nonce', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => backend.nonces.use(first, 'race', T0)));
    expect(results.filter((accepted) => accepted)).toHaveLength(1);
    expect(await backend.nonces.use(first, 'race', T0)).toBe(false);
    const rows = await storedRows(first);
    if (rows !== null) expect(rows).toBe(1);
  });

  it('answers many uses in one turn exactly: new, repeated within the batch, already stored, per consumer', async () => {
    for (let i = 0; i < 50; i++) await backend.nonces.use(first, `stored-${i}`, T0);
    const calls: Array<{ integration: string; nonce: string; expected: boolean }> = [];
    for (let i = 0; i < 200; i++) calls.push({ integration: first, nonce: `fresh-${i}`, expected: true });
    for (let i = 0; i < 50; i++) calls.push({ integration: first, nonce: `stored-${i}`, expected: false });
    for (let i = 0; i < 50; i++) calls.push({ integration: first, nonce: `fresh-${i}`, expected: false });
    for (let i = 0; i < 50; i++) calls.push({ integration: second, nonce: `stored-${i}`, expected: true });
    // All issued before any answer: on SQL they share one batch, where the first of equal keys wins.
    const results = await Promise.all(calls.map((call) => backend.nonces.use(call.integration, call.nonce, T0)));
    expect(results).toEqual(calls.map((call) => call.expected));
    if (backend.persistence !== null) {
      expect(await storedRows(first)).toBe(250);
      expect(await storedRows(second)).toBe(50);
    }
  });

  it('accepts exactly one of many concurrent uses of each of several nonces, interleaved', async () => {
    const nonces = Array.from({ length: 30 }, (_, i) => `contested-${i}`);
    const calls = Array.from({ length: 5 }, () => nonces).flat();
    const results = await Promise.all(calls.map((nonce) => backend.nonces.use(first, nonce, T0)));
    for (const nonce of nonces) expect(results.filter((accepted, i) => accepted && calls[i] === nonce)).toHaveLength(1);
  });

  it('purges a large backlog completely, keeping the newer nonces', async () => {
    const old = 12_000;
    await storeMany(first, 'old', old, T0 - 2 * MINUTE);
    for (let i = 0; i < 30; i++) await backend.nonces.use(second, `new-${i}`, T0 + i);
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(old);
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(0);
    for (let i = 0; i < 30; i++) expect(await backend.nonces.use(second, `new-${i}`, T0)).toBe(false);
    expect(await backend.nonces.use(first, 'old-0', T0)).toBe(true);
  });

  /** `count` nonces `<prefix>-<i>`, stored directly in SQL (in memory through `use`). */
  const storeMany = async (integrationId: string, prefix: string, count: number, timestamp: number): Promise<void> => {
    if (backend.persistence === null) {
      for (let i = 0; i < count; i++) await backend.nonces.use(integrationId, `${prefix}-${i}`, timestamp);
      return;
    }
    const { createHash } = await import('node:crypto');
    for (let start = 0; start < count; start += 500) {
      const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => [integrationId, createHash('sha256').update(`${prefix}-${start + i}`, 'utf8').digest('hex'), timestamp]);
      await backend.persistence.dataSource.query(`INSERT INTO oauth_nonce (integration_id, nonce, timestamp) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`, rows.flat());
    }
  };

  it('purges exactly the nonces older than the given time, returning the count; a purged nonce is new again', async () => {
    await backend.nonces.use(first, 'old-1', T0 - 2 * MINUTE);
    await backend.nonces.use(second, 'old-2', T0 - 1);
    await backend.nonces.use(first, 'at-limit', T0);
    await backend.nonces.use(second, 'new', T0 + MINUTE);
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(2);
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(0);
    expect(await backend.nonces.use(first, 'old-1', T0)).toBe(true);
    expect(await backend.nonces.use(second, 'old-2', T0)).toBe(true);
    expect(await backend.nonces.use(first, 'at-limit', T0)).toBe(false);
    expect(await backend.nonces.use(second, 'new', T0)).toBe(false);
  });

  it('answers 0 when nothing is old enough to purge', async () => {
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(0);
    await backend.nonces.use(first, 'n', T0);
    expect(await backend.nonces.purgeOlderThan(T0)).toBe(0);
    expect(await backend.nonces.purgeOlderThan(T0 + 1)).toBe(1);
  });

  it('removes the nonces of a deleted integration, keeping the others', async () => {
    await backend.nonces.use(first, 'a', T0);
    await backend.nonces.use(first, 'b', T0);
    await backend.nonces.use(second, 'a', T0);
    if (backend.persistence !== null) expect(await storedRows(first)).toBe(2);
    await backend.integrations.delete(first);
    if (backend.persistence !== null) {
      expect(await storedRows(first)).toBe(0);
      expect(await storedRows(second)).toBe(1);
    }
    // Nothing is left behind: every remaining nonce is purged, that is the second's only.
    expect(await backend.nonces.purgeOlderThan(T0 + 1)).toBe(1);
  });

  it('takes part in a unit of work: a failed unit leaves no nonce behind', async () => {
    await expect(
      backend.unitOfWork.run(async () => {
        expect(await backend.nonces.use(first, 'in-unit', T0)).toBe(true);
        expect(await backend.nonces.use(first, 'in-unit', T0)).toBe(false);
        throw new Error('fails half-way');
      }),
    ).rejects.toThrow('fails half-way');
    expect(await backend.nonces.use(first, 'in-unit', T0)).toBe(true);
    const rows = await storedRows(first);
    if (rows !== null) expect(rows).toBe(1);
  });
}

/** What only a SQL store has: foreign keys, transactions shared with TypeORM, other processes, batched purges. */
function sqlNonceContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  let persistence: Persistence;
  let first: string;
  let second: string;
  beforeAll(async () => {
    backend = await open();
    persistence = backend.persistence!;
  });
  beforeEach(async () => {
    await backend.reset();
    const a = anIntegration('Nonce Consumer A');
    const b = anIntegration('Nonce Consumer B');
    await backend.integrations.save(a);
    await backend.integrations.save(b);
    first = a.id;
    second = b.id;
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('fails only the caller whose row the database refuses (its integration is gone); the rest of the batch is stored', async () => {
    const results = await Promise.allSettled([
      backend.nonces.use(first, 'ok-1', T0),
      backend.nonces.use(randomUUID(), 'orphan', T0),
      backend.nonces.use(second, 'ok-2', T0),
      backend.nonces.use(first, 'ok-1', T0),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : null))).toEqual([true, null, true, false]);
    expect(await backend.nonces.use(first, 'ok-1', T0)).toBe(false);
    expect(await backend.nonces.use(second, 'ok-2', T0)).toBe(false);
  });

  it('never writes a nonce into a unit of work open at the same time: it stays when the unit rolls back', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const unit = backend.unitOfWork.run(async () => {
      expect(await backend.nonces.use(first, 'in-unit', T0)).toBe(true);
      entered();
      await paused;
      throw new Error('refused later');
    });
    await inside;
    // Outside the unit (the guard): answered once the unit has ended, not inside its transaction.
    const outside = backend.nonces.use(first, 'outside', T0);
    // Turns of the event loop pass while the unit's transaction is open: its batch is due then.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    resume();
    await expect(unit).rejects.toThrow('refused later');
    expect(await outside).toBe(true);
    expect(await backend.nonces.use(first, 'outside', T0)).toBe(false);
    expect(await backend.nonces.use(first, 'in-unit', T0)).toBe(true);
  });

  it('refuses outside a unit of work a nonce a committed unit used, and the other way round', async () => {
    await backend.unitOfWork.run(async () => {
      expect(await backend.nonces.use(first, 'committed', T0)).toBe(true);
    });
    expect(await backend.nonces.use(first, 'committed', T0)).toBe(false);
    expect(await backend.nonces.use(first, 'guard-first', T0)).toBe(true);
    await backend.unitOfWork.run(async () => {
      expect(await backend.nonces.use(first, 'guard-first', T0)).toBe(false);
    });
  });

  it('accepts each nonce once across two processes (two DataSources on one database) using them at once', async () => {
    const other = await openPersistence({
      url: persistence.location.dialect === 'sqlite' ? `sqlite:${persistence.location.target}` : persistence.location.target,
      cipher: backend.cipher!,
      migrate: false,
      poolSize: 3,
    });
    try {
      const nonces = Array.from({ length: 100 }, (_, i) => `shared-${i}`);
      const here = nonces.map((nonce) => backend.nonces.use(first, nonce, T0));
      const there = nonces.map((nonce) => other.nonces.use(first, nonce, T0));
      const [mine, theirs] = await Promise.all([Promise.all(here), Promise.all(there)]);
      nonces.forEach((_, i) => expect([mine[i], theirs[i]].filter((accepted) => accepted)).toHaveLength(1));
      for (const nonce of nonces.slice(0, 10)) {
        expect(await backend.nonces.use(first, nonce, T0)).toBe(false);
        expect(await other.nonces.use(first, nonce, T0)).toBe(false);
      }
      expect(await other.nonces.use(second, 'shared-0', T0)).toBe(true);
      expect(await backend.nonces.use(second, 'shared-0', T0)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it('purges a backlog in short batches: a nonce used while it runs is answered before the purge ends', async () => {
    const { createHash } = await import('node:crypto');
    for (let start = 0; start < 12_000; start += 500) {
      const rows = Array.from({ length: 500 }, (_, i) => [first, createHash('sha256').update(`old-${start + i}`, 'utf8').digest('hex'), T0 - MINUTE]);
      await persistence.dataSource.query(`INSERT INTO oauth_nonce (integration_id, nonce, timestamp) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')}`, rows.flat());
    }
    const order: string[] = [];
    const purge = backend.nonces.purgeOlderThan(T0).then((purged) => {
      order.push('purge');
      return purged;
    });
    const use = backend.nonces.use(second, 'during-purge', T0).then((accepted) => {
      order.push('use');
      return accepted;
    });
    expect(await Promise.all([purge, use])).toEqual([12_000, true]);
    expect(order).toEqual(['use', 'purge']);
    const rows: Array<{ n: number | string }> = await persistence.dataSource.query('SELECT COUNT(*) AS n FROM oauth_nonce');
    expect(Number(rows[0]?.n)).toBe(1);
  });
}

/** MySQL/MariaDB only: batches written in several statements, and several batches at once. */
function mysqlNonceWriterContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  let persistence: Persistence;
  let first: string;
  beforeAll(async () => {
    backend = await open();
    persistence = backend.persistence!;
  });
  beforeEach(async () => {
    await persistence.dataSource.query('DROP TRIGGER IF EXISTS nonce_poison');
    await backend.reset();
    const a = anIntegration('Nonce Consumer A');
    await backend.integrations.save(a);
    first = a.id;
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('answers each caller of a batch too large for one statement as its own row fared: true only for a stored row', async () => {
    const { createHash } = await import('node:crypto');
    const digest = (nonce: string): string => createHash('sha256').update(nonce, 'utf8').digest('hex');
    const nonces = Array.from({ length: 2500 }, (_, i) => `bulk-${i}`);
    // The statement holding this row fails as a whole; the other statements' rows are stored.
    const poisoned = digest(nonces[1234]!);
    await persistence.dataSource.query(
      `CREATE TRIGGER nonce_poison BEFORE INSERT ON oauth_nonce FOR EACH ROW IF NEW.nonce = '${poisoned}' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'poisoned nonce'; END IF`,
    );
    const results = await Promise.allSettled(nonces.map((nonce) => backend.nonces.use(first, nonce, T0)));
    const stored: Array<{ nonce: string }> = await persistence.dataSource.query('SELECT nonce FROM oauth_nonce WHERE integration_id = ?', [first]);
    const storedDigests = new Set(stored.map((row) => row.nonce));
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') expect(result.value).toBe(true);
      expect({ nonce: nonces[i], answeredTrue: result.status === 'fulfilled' }).toEqual({ nonce: nonces[i], answeredTrue: storedDigests.has(digest(nonces[i]!)) });
    });
    expect(results[1234]?.status).toBe('rejected');
    // Some rows shared a statement with the poisoned one and some did not.
    expect(storedDigests.size).toBeGreaterThan(0);
    expect(storedDigests.size).toBeLessThan(nonces.length);
  });

  it('answers other nonces while a batch waits on a row lock held by a unit of work, then refuses the locked nonce once the unit commits', async () => {
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const unit = backend.unitOfWork.run(async () => {
      expect(await backend.nonces.use(first, 'locked', T0)).toBe(true);
      entered();
      await paused;
    });
    await inside;
    const blocked = backend.nonces.use(first, 'locked', T0);
    // Its batch is written (and waits on the unit's row lock) before the next nonces come in.
    for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(await Promise.all([backend.nonces.use(first, 'free-1', T0), backend.nonces.use(first, 'free-2', T0)])).toEqual([true, true]);
    expect(await backend.nonces.use(first, 'free-1', T0)).toBe(false);
    resume();
    await unit;
    expect(await blocked).toBe(false);
  });
}

describe('NonceRepository contract: in-memory', () => {
  nonceContract(openInMemory);
});

describe('NonceRepository contract: SQLite (file)', () => {
  nonceContract(openSqlite);
});

describe('NonceRepository on SQLite: batches, units of work, two processes', () => {
  sqlNonceContract(openSqlite);
});

describeMysql('NonceRepository contract: MySQL/MariaDB', () => {
  nonceContract(() => openMysql('portcullis_nonce_contract'));
});

describeMysql('NonceRepository on MariaDB (INSERT … RETURNING): batches, units of work, two processes', () => {
  sqlNonceContract(() => openMysql('portcullis_nonce_contract_sql'));
});

describeMysql('NonceRepository contract: the MySQL way (no RETURNING: one transaction per batch), on MariaDB', () => {
  nonceContract(() => openMysql('portcullis_nonce_contract_mysql', { nonceReturning: false }));
});

describeMysql('NonceRepository the MySQL way, on MariaDB: batches, units of work, two processes', () => {
  sqlNonceContract(() => openMysql('portcullis_nonce_contract_mysql_sql', { nonceReturning: false }));
});

describeMysql('Nonce writer on MariaDB (INSERT … RETURNING): large batches, batches at once', () => {
  mysqlNonceWriterContract(() => openMysql('portcullis_nonce_writer'));
});

describeMysql('Nonce writer the MySQL way, on MariaDB: large batches, batches at once', () => {
  mysqlNonceWriterContract(() => openMysql('portcullis_nonce_writer_mysql', { nonceReturning: false }));
});

/** A loopback TCP proxy to MariaDB that can stop passing bytes either way, as a lost route does. */
async function blackHoleProxy(target: URL): Promise<{ url(database: string): string; blackHole(): void; close(): Promise<void> }> {
  let holed = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: target.hostname, port: Number(target.port || 3306) });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.on('data', (chunk) => {
        if (!holed) to.write(chunk);
      });
      from.on('error', () => to.destroy());
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (database) => {
      const url = new URL(target.toString());
      url.hostname = '127.0.0.1';
      url.port = String(port);
      url.pathname = `/${database}`;
      return url.toString();
    },
    blackHole: () => {
      holed = true;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describeMysql('Persistence on MariaDB whose connection stops answering', () => {
  it('closes anyway, failing the nonce the database never answered rather than accepting it', async () => {
    const target = new URL(process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_test');
    const proxy = await blackHoleProxy(target);
    try {
      const url = proxy.url('portcullis_nonce_writer_close');
      await recreateMysqlDatabase(url);
      const persistence = await openPersistence({ url, cipher: testCipher(), poolSize: 2 });
      const integration = anIntegration('Nonce Consumer');
      await persistence.integrations.save(integration);
      expect(await persistence.nonces.use(integration.id, 'before', T0)).toBe(true);
      proxy.blackHole();
      const unanswered = persistence.nonces.use(integration.id, 'unanswered', T0);
      // Its batch is on the wire before close begins.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      await persistence.close();
      await expect(unanswered).rejects.toThrow('closed before the database answered');
    } finally {
      await proxy.close();
    }
  });
});
