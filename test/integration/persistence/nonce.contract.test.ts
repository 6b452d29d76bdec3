import { describeMysql, openInMemory, openMysql, openSqlite, type Backend } from './backends';
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

describe('NonceRepository contract: in-memory', () => {
  nonceContract(openInMemory);
});

describe('NonceRepository contract: SQLite (file)', () => {
  nonceContract(openSqlite);
});

describeMysql('NonceRepository contract: MySQL/MariaDB', () => {
  nonceContract(() => openMysql('portcullis_nonce_contract'));
});
