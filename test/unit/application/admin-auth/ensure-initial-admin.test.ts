import { type Container } from 'inversify';
import { type PasswordHasher } from '../../../../src/application/ports/password-hasher.port';
import { PASSWORD_HASHER } from '../../../../src/application/ports/password-hasher.port';
import { type RandomSource } from '../../../../src/application/ports/random-source.port';
import { ADMINISTRATORS_ROLE_NAME, INITIAL_ADMIN_USERNAME } from '../../../../src/application/use-cases/admin-auth/ensure-initial-admin.use-case';
import { CryptoRandomSource } from '../../../../src/adapters/crypto/crypto-random-source';
import { type InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryRoleRepository } from '../../../../src/adapters/in-memory/in-memory-role.repository';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { assertStrongPassword } from '../../../../src/domain/admin-user/admin-password';
import { Role } from '../../../../src/domain/role/role.aggregate';
import { ROLE_REPOSITORY } from '../../../../src/domain/role/role.repository';
import { IN_MEMORY_DATABASE } from '../../../../src/infrastructure/container/tokens';
import { R } from '../../../support/acl-fixtures';
import { fastPasswordHasher } from '../../../support/deterministic-ports';
import { anAdmin, rowCounts, testCore, type TestCore } from '../../../support/test-core';

const database = (container: Container): InMemoryDatabase => container.get<InMemoryDatabase>(IN_MEMORY_DATABASE);

/** Tokens from a script, for passwords whose shape a test is about. */
class ScriptedRandom implements RandomSource {
  constructor(private readonly tokens: string[]) {}
  token(): string {
    const next = this.tokens.shift();
    if (next === undefined) throw new Error('the script ran out of tokens');
    return next;
  }
}

/** Holds every `hash` until `parties` callers are waiting: both starts get past "no admin yet". */
class BarrierHasher implements PasswordHasher {
  private waiting: (() => void)[] = [];
  private readonly inner = fastPasswordHasher();
  constructor(private readonly parties: number) {}

  async hash(password: string): Promise<string> {
    await new Promise<void>((release) => {
      this.waiting.push(release);
      if (this.waiting.length === this.parties) for (const waiter of this.waiting.splice(0)) waiter();
    });
    return this.inner.hash(password);
  }

  verify(password: string, digest: string): Promise<boolean> {
    return this.inner.verify(password, digest);
  }
}

/** Another process saves its Administrators role between this one's look-up and its save. */
class RoleRaceLostRepository extends InMemoryRoleRepository {
  override async save(role: Role): Promise<void> {
    if (role.name === ADMINISTRATORS_ROLE_NAME && role.id !== 'other-process-role') {
      await super.save(Role.createAdminRole({ id: 'other-process-role', name: ADMINISTRATORS_ROLE_NAME, grant: Grant.all(), now: new Date(0) }));
    }
    return super.save(role);
  }
}

class FailingRoleRepository extends InMemoryRoleRepository {
  override save(_role: Role): Promise<void> {
    return Promise.reject(new Error('role table unavailable'));
  }
}

async function storedAdmin(core: TestCore) {
  const user = await core.adminUsers.findByUsername(INITIAL_ADMIN_USERNAME);
  if (user === null) throw new Error('no admin user');
  return user.toSnapshot();
}

async function administratorsRoles(core: TestCore): Promise<Role[]> {
  return (await core.roles.listAdminRoles()).filter((role) => role.name === ADMINISTRATORS_ROLE_NAME);
}

describe('EnsureInitialAdmin', () => {
  it('on an empty store, creates the Administrators role with All and the active user admin in it', async () => {
    const core = testCore();

    const result = await core.portcullis.adminAuth.ensureInitialAdmin();

    if (!result.created) throw new Error('expected the admin to be created');
    const roles = await administratorsRoles(core);
    expect(roles.map((role) => role.toSnapshot())).toEqual([
      {
        id: result.roleId,
        name: 'Administrators',
        kind: 'admin',
        integrationId: null,
        grant: { mode: 'all', selected: [], excluded: [] },
        readOnly: false,
        createdAt: core.clock.now(),
        updatedAt: core.clock.now(),
      },
    ]);
    expect(await storedAdmin(core)).toMatchObject({
      username: 'admin',
      active: true,
      roleId: result.roleId,
      createdAt: core.clock.now(),
    });
    expect(result.username).toBe('admin');
    expect(rowCounts(core)).toEqual({ integrations: 0, roles: 1, adminUsers: 1, tokens: 0 });
  });

  it('returns a strong password once, stored only as a digest that verifies it', async () => {
    const core = testCore();

    const result = await core.portcullis.adminAuth.ensureInitialAdmin();

    if (!result.created) throw new Error('expected the admin to be created');
    expect(result.password).toMatch(/^[0-9a-z]{20}$/);
    expect(() => assertStrongPassword(result.password)).not.toThrow();
    const { passwordHash } = await storedAdmin(core);
    expect(passwordHash).not.toContain(result.password);
    expect(await fastPasswordHasher().verify(result.password, passwordHash)).toBe(true);
    expect(JSON.stringify([...core.database.tables.adminUsers.values()])).not.toContain(result.password);
  });

  it('lets admin sign in with that password and reach every resource', async () => {
    const core = testCore();
    const result = await core.portcullis.adminAuth.ensureInitialAdmin();
    if (!result.created) throw new Error('expected the admin to be created');

    const { token } = await core.portcullis.adminAuth.signIn({ username: result.username, password: result.password });

    expect((await core.portcullis.adminAuth.authorize({ token, resources: [R.capture, R.customers] })).grant.isAll).toBe(true);
  });

  it('draws from the CSPRNG-backed source a different password on each store', async () => {
    const passwords: string[] = [];
    for (let i = 0; i < 2; i++) {
      const core = testCore({ random: new CryptoRandomSource() });
      const result = await core.portcullis.adminAuth.ensureInitialAdmin();
      if (!result.created) throw new Error('expected the admin to be created');
      expect(/[a-z]/.test(result.password) && /[0-9]/.test(result.password)).toBe(true);
      passwords.push(result.password);
    }

    expect(passwords[0]).not.toBe(passwords[1]);
  });

  it('draws again while a password lacks a letter or a digit', async () => {
    const core = testCore({ random: new ScriptedRandom(['a'.repeat(32), '7'.repeat(32), `${'b'.repeat(19)}9${'c'.repeat(12)}`]) });

    const result = await core.portcullis.adminAuth.ensureInitialAdmin();

    if (!result.created) throw new Error('expected the admin to be created');
    expect(result.password).toBe(`${'b'.repeat(19)}9`);
  });

  it('creates nothing on a second run', async () => {
    const core = testCore();
    await core.portcullis.adminAuth.ensureInitialAdmin();
    const before = { counts: rowCounts(core), admin: await storedAdmin(core) };

    expect(await core.portcullis.adminAuth.ensureInitialAdmin()).toEqual({ created: false });

    expect({ counts: rowCounts(core), admin: await storedAdmin(core) }).toEqual(before);
  });

  it('creates nothing when any admin user exists, even without one named admin', async () => {
    const core = testCore();
    await anAdmin(core, 'sally', { resources: [R.orders] });
    const before = rowCounts(core);

    expect(await core.portcullis.adminAuth.ensureInitialAdmin()).toEqual({ created: false });

    expect(rowCounts(core)).toEqual(before);
    expect(await core.adminUsers.findByUsername('admin')).toBeNull();
    expect(await administratorsRoles(core)).toEqual([]);
  });

  it('reuses an existing Administrators role (whatever its case) instead of creating another', async () => {
    const core = testCore();
    const existing = await core.portcullis.roles.create({ name: 'administrators', resourceAccess: 'all' });

    const result = await core.portcullis.adminAuth.ensureInitialAdmin();

    expect(result).toMatchObject({ created: true, roleId: existing.id });
    expect((await storedAdmin(core)).roleId).toBe(existing.id);
    expect((await core.roles.listAdminRoles()).map((role) => role.id)).toEqual([existing.id]);
  });

  it('creates exactly one admin when two runs start together', async () => {
    const core = testCore();

    const results = await Promise.all([core.portcullis.adminAuth.ensureInitialAdmin(), core.portcullis.adminAuth.ensureInitialAdmin()]);

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect((await core.adminUsers.list()).map((user) => user.username)).toEqual(['admin']);
    const roles = await administratorsRoles(core);
    expect(roles).toHaveLength(1);
    expect((await storedAdmin(core)).roleId).toBe(roles[0]?.id);
  });

  it('creates exactly one admin when both runs got past "no admin yet" before either saved', async () => {
    const core = testCore({ override: (c) => c.rebindSync(PASSWORD_HASHER).toConstantValue(new BarrierHasher(2)) });

    const [first, second] = await Promise.all([core.portcullis.adminAuth.ensureInitialAdmin(), core.portcullis.adminAuth.ensureInitialAdmin()]);

    expect([first?.created, second?.created].sort()).toEqual([false, true]);
    const winner = first?.created === true ? first : second;
    if (winner?.created !== true) throw new Error('expected one run to create the admin');
    const stored = await storedAdmin(core);
    expect(await fastPasswordHasher().verify(winner.password, stored.passwordHash)).toBe(true);
    expect(rowCounts(core)).toEqual({ integrations: 0, roles: 1, adminUsers: 1, tokens: 0 });
    expect(stored.roleId).toBe((await administratorsRoles(core))[0]?.id);
  });

  it('uses the Administrators role another process saved first', async () => {
    const core = testCore({ override: (c) => c.rebindSync(ROLE_REPOSITORY).toConstantValue(new RoleRaceLostRepository(database(c))) });

    const result = await core.portcullis.adminAuth.ensureInitialAdmin();

    expect(result).toMatchObject({ created: true, roleId: 'other-process-role' });
    expect((await storedAdmin(core)).roleId).toBe('other-process-role');
    expect((await administratorsRoles(core)).map((role) => role.id)).toEqual(['other-process-role']);
  });

  it('passes on a storage failure other than a name clash, creating no user', async () => {
    const core = testCore({ override: (c) => c.rebindSync(ROLE_REPOSITORY).toConstantValue(new FailingRoleRepository(database(c))) });

    await expect(core.portcullis.adminAuth.ensureInitialAdmin()).rejects.toThrow('role table unavailable');

    expect(rowCounts(core)).toEqual({ integrations: 0, roles: 0, adminUsers: 0, tokens: 0 });
  });
});
