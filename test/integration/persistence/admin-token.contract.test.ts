import { createHash } from 'node:crypto';
import { type AdminTokenRecord } from '../../../src/domain/admin-session/admin-token';
import { AdminUser } from '../../../src/domain/admin-user/admin-user.aggregate';
import { describeMysql, openInMemory, openMysql, openSqlite, type Backend } from './backends';

const T0 = new Date('2026-05-01T08:00:00.123Z');
const HOUR = 3600 * 1000;
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

let sequence = 0;
const aToken = (): string => `adm${(++sequence).toString(36)}`.padEnd(32, 'q');

const aRecord = (adminUserId: string, overrides: Partial<AdminTokenRecord> = {}): AdminTokenRecord => ({
  adminUserId,
  createdAt: T0,
  expiresAt: at(4 * HOUR),
  revoked: false,
  ...overrides,
});

const anAdminUser = (username: string): AdminUser =>
  AdminUser.create({
    id: `user-${++sequence}`,
    username,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${username}@example.com`,
    passwordHash: 'scrypt$1024$8$1$c2FsdA==$aGFzaA==',
    roleId: 'role-1',
    now: T0,
  });

/** The AdminTokenRepository contract; `sql` adds what only a SQL table can show. */
function adminTokenContract(open: () => Promise<Backend>, sql: boolean): void {
  let backend: Backend;
  let ada: string;
  let bob: string;
  beforeAll(async () => {
    backend = await open();
  });
  beforeEach(async () => {
    await backend.reset();
    // admin_token.admin_user_id references admin_user on SQL backends.
    const users = [anAdminUser('ada'), anAdminUser('bob')];
    for (const user of users) await backend.adminUsers.save(user);
    [ada, bob] = users.map((user) => user.id) as [string, string];
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('stores a token and finds its record by the token, dates to the millisecond', async () => {
    const token = aToken();
    const record = aRecord(ada, { createdAt: at(1), expiresAt: at(4 * HOUR + 2) });
    await backend.adminTokens.add(token, record);
    expect(await backend.adminTokens.findByToken(token)).toEqual(record);
  });

  it('answers null for a token never issued, even one differing only in case', async () => {
    const token = aToken();
    await backend.adminTokens.add(token, aRecord(ada));
    expect(await backend.adminTokens.findByToken(aToken())).toBeNull();
    expect(await backend.adminTokens.findByToken(token.toUpperCase())).toBeNull();
    expect(await backend.adminTokens.findByToken('')).toBeNull();
  });

  it('refuses the same token twice and keeps the first record', async () => {
    const token = aToken();
    await backend.adminTokens.add(token, aRecord(ada));
    await expect(backend.adminTokens.add(token, aRecord(bob))).rejects.toThrow('already exists');
    expect((await backend.adminTokens.findByToken(token))?.adminUserId).toBe(ada);
  });

  it('revokes a known token (true, also when already revoked) and answers false for an unknown one', async () => {
    const token = aToken();
    const other = aToken();
    await backend.adminTokens.add(token, aRecord(ada));
    await backend.adminTokens.add(other, aRecord(ada));
    expect(await backend.adminTokens.revoke(token)).toBe(true);
    expect(await backend.adminTokens.revoke(token)).toBe(true);
    expect(await backend.adminTokens.revoke(aToken())).toBe(false);
    expect(await backend.adminTokens.findByToken(token)).toEqual(aRecord(ada, { revoked: true }));
    expect((await backend.adminTokens.findByToken(other))?.revoked).toBe(false);
  });

  it('revokes every token of one user, counting those not yet revoked; other users keep theirs', async () => {
    const [live, expired, revoked, bobs] = [aToken(), aToken(), aToken(), aToken()];
    await backend.adminTokens.add(live, aRecord(ada));
    await backend.adminTokens.add(expired, aRecord(ada, { createdAt: at(-5 * HOUR), expiresAt: at(-HOUR) }));
    await backend.adminTokens.add(revoked, aRecord(ada, { revoked: true }));
    await backend.adminTokens.add(bobs, aRecord(bob));
    expect(await backend.adminTokens.revokeAllOf(ada)).toBe(2);
    for (const token of [live, expired, revoked]) expect((await backend.adminTokens.findByToken(token))?.revoked).toBe(true);
    expect((await backend.adminTokens.findByToken(bobs))?.revoked).toBe(false);
    expect(await backend.adminTokens.revokeAllOf(ada)).toBe(0);
    expect(await backend.adminTokens.revokeAllOf('nobody')).toBe(0);
  });

  it('revokes every token of one user but the one named (a user changing their own password)', async () => {
    const [kept, other, another, bobs] = [aToken(), aToken(), aToken(), aToken()];
    for (const token of [kept, other, another]) await backend.adminTokens.add(token, aRecord(ada));
    await backend.adminTokens.add(bobs, aRecord(bob));
    expect(await backend.adminTokens.revokeAllOf(ada, kept)).toBe(2);
    expect((await backend.adminTokens.findByToken(kept))?.revoked).toBe(false);
    for (const token of [other, another]) expect((await backend.adminTokens.findByToken(token))?.revoked).toBe(true);
    expect((await backend.adminTokens.findByToken(bobs))?.revoked).toBe(false);
    // A token of someone else named as the exception changes nothing for them.
    expect(await backend.adminTokens.revokeAllOf(bob, kept)).toBe(1);
  });

  it('deletes the tokens expired at `now` (expiry is exclusive) and counts them', async () => {
    const now = at(HOUR);
    const [before, exactly, after, revoked] = [aToken(), aToken(), aToken(), aToken()];
    await backend.adminTokens.add(before, aRecord(ada, { expiresAt: new Date(now.getTime() - 1) }));
    await backend.adminTokens.add(exactly, aRecord(bob, { expiresAt: now }));
    await backend.adminTokens.add(after, aRecord(ada, { expiresAt: new Date(now.getTime() + 1) }));
    await backend.adminTokens.add(revoked, aRecord(ada, { revoked: true }));
    expect(await backend.adminTokens.deleteExpired(now)).toBe(2);
    expect(await backend.adminTokens.findByToken(before)).toBeNull();
    expect(await backend.adminTokens.findByToken(exactly)).toBeNull();
    expect(await backend.adminTokens.findByToken(after)).not.toBeNull();
    expect(await backend.adminTokens.findByToken(revoked)).not.toBeNull();
    expect(await backend.adminTokens.deleteExpired(now)).toBe(0);
  });

  it('takes part in a unit of work: a failed unit leaves no token and no revocation behind', async () => {
    const kept = aToken();
    const added = aToken();
    await backend.adminTokens.add(kept, aRecord(ada));
    await expect(
      backend.unitOfWork.run(async () => {
        await backend.adminTokens.add(added, aRecord(ada));
        await backend.adminTokens.revoke(kept);
        throw new Error('fails half-way');
      }),
    ).rejects.toThrow('fails half-way');
    expect(await backend.adminTokens.findByToken(added)).toBeNull();
    expect((await backend.adminTokens.findByToken(kept))?.revoked).toBe(false);
  });

  if (!sql) return;

  const rawRows = async (query: string): Promise<Array<Record<string, unknown>>> =>
    (await backend.persistence?.dataSource.query(query)) as Array<Record<string, unknown>>;

  it('stores only the SHA-256 digest: no column holds the token', async () => {
    const token = aToken();
    await backend.adminTokens.add(token, aRecord(ada));
    const rows = await rawRows('SELECT * FROM admin_token');
    expect(rows).toHaveLength(1);
    const values = Object.values(rows[0] ?? {}).map((value) => (value instanceof Date ? value.toISOString() : String(value)));
    expect(values.filter((value) => value.toLowerCase().includes(token.toLowerCase()))).toEqual([]);
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('deletes the tokens of a deleted admin user (ON DELETE CASCADE)', async () => {
    const adas = aToken();
    const bobs = aToken();
    await backend.adminTokens.add(adas, aRecord(ada));
    await backend.adminTokens.add(bobs, aRecord(bob));
    await backend.adminUsers.delete(ada);
    expect(await backend.adminTokens.findByToken(adas)).toBeNull();
    expect(await backend.adminTokens.findByToken(bobs)).not.toBeNull();
    expect(await rawRows('SELECT token_hash FROM admin_token')).toHaveLength(1);
  });

  it('refuses a token of an admin user who does not exist (foreign key)', async () => {
    await expect(backend.adminTokens.add(aToken(), aRecord('user-missing'))).rejects.toThrow();
  });
}

describe('AdminTokenRepository contract: in-memory', () => {
  adminTokenContract(openInMemory, false);
});

describe('AdminTokenRepository contract: SQLite (file)', () => {
  adminTokenContract(openSqlite, true);
});

describeMysql('AdminTokenRepository contract: MySQL/MariaDB', () => {
  adminTokenContract(() => openMysql('portcullis_test_admin_token'), true);
});
