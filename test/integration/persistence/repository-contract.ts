import { Grant } from '../../../src/domain/acl/grant.value-object';
import { type AdminTokenRecord } from '../../../src/domain/admin-session/admin-token';
import { usernameKey } from '../../../src/domain/admin-session/sign-in-lockout';
import { AdminUser } from '../../../src/domain/admin-user/admin-user.aggregate';
import { CredentialPolicy } from '../../../src/domain/integration/credential-policy.value-object';
import { Integration, type NewIntegration } from '../../../src/domain/integration/integration.aggregate';
import { type IntegrationSortField } from '../../../src/domain/integration/integration.repository';
import { Role } from '../../../src/domain/role/role.aggregate';
import { OAuthToken } from '../../../src/domain/token/oauth-token.aggregate';
import { R } from '../../support/acl-fixtures';
import { type Backend } from './backends';

const T0 = new Date('2026-05-01T08:00:00.123Z');
const T1 = new Date('2026-05-01T09:30:00.456Z');

let sequence = 0;
const key = (prefix: string): string => `${prefix}${(++sequence).toString(36)}`.padEnd(32, '0').slice(0, 32);

export function anIntegration(name: string, overrides: Partial<NewIntegration> = {}): Integration {
  return Integration.create({
    id: `int-${++sequence}`,
    name,
    email: `${name.replace(/\W/g, '').toLowerCase() || 'x'}@example.com`,
    setupType: 'manual',
    credentials: [{ kind: 'oauth1', key: key('ck'), secret: key('cs') }],
    now: T0,
    ...overrides,
  });
}

const anAdminRole = (name: string, grant: Grant = Grant.custom([R.orders], [R.cancel])): Role =>
  Role.createAdminRole({ id: `role-${++sequence}`, name, grant, now: T0 });

const anAdminUser = (username: string, roleId: string): AdminUser =>
  AdminUser.create({
    id: `user-${++sequence}`,
    username,
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `${username}@example.com`,
    passwordHash: 'scrypt$1024$8$1$c2FsdA==$aGFzaA==',
    roleId,
    now: T0,
  });

/**
 * One contract for every storage: the in-memory fake, SQLite and MySQL must behave the same.
 * `open` gives a backend; it is reset before each test.
 */
export function repositoryContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  beforeEach(async () => {
    await backend.reset();
  });
  afterAll(async () => {
    await backend?.close();
  });

  describe('IntegrationRepository', () => {
    it('saves and restores every field, including dates to the millisecond', async () => {
      const integration = anIntegration('ERP', { endpoint: 'https://erp.example/cb', identityLinkUrl: 'http://erp.example/id' });
      integration.startTokenExchange(T1, 'activate');
      integration.recordUse(T1);
      await backend.integrations.save(integration);
      const loaded = await backend.integrations.findById(integration.id);
      expect(loaded?.toSnapshot()).toEqual(integration.toSnapshot());
    });

    it('finds by name ignoring case and spaces, and by consumer key; null when absent', async () => {
      const integration = anIntegration('Acme Sync');
      await backend.integrations.save(integration);
      expect((await backend.integrations.findByName('  acme SYNC '))?.id).toBe(integration.id);
      expect((await backend.integrations.findByConsumerKey(integration.credentials.require('oauth1').key))?.id).toBe(integration.id);
      expect(await backend.integrations.findById('missing')).toBeNull();
      expect(await backend.integrations.findByName('nope')).toBeNull();
      expect(await backend.integrations.findByConsumerKey('0'.repeat(32))).toBeNull();
    });

    it('updates in place on a second save', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      integration.update({ name: 'ERP 2', email: 'two@example.com' }, T1);
      integration.activateLocally(T1);
      await backend.integrations.save(integration);
      const page = await backend.integrations.list({ page: 1, pageSize: 10 });
      expect(page.total).toBe(1);
      expect(page.items[0]?.toSnapshot()).toMatchObject({ name: 'ERP 2', status: 'active', updatedAt: T1 });
    });

    it('refuses a second integration with the same name in any case', async () => {
      await backend.integrations.save(anIntegration('ERP'));
      await expect(backend.integrations.save(anIntegration('erp'))).rejects.toMatchObject({
        code: 'INTEGRATION.NAME_TAKEN',
        message: 'The integration with name "erp" exists.',
      });
      expect((await backend.integrations.list({ page: 1, pageSize: 10 })).total).toBe(1);
    });

    it('pages in name order and filters by status and by part of the name (LIKE wildcards are literal)', async () => {
      for (const name of ['delta', 'Alpha', 'charlie', 'bravo', '100% sync', 'a_b']) await backend.integrations.save(anIntegration(name));
      const active = anIntegration('echo');
      active.activateLocally(T1);
      await backend.integrations.save(active);
      const names = async (query: Parameters<Backend['integrations']['list']>[0]): Promise<string[]> =>
        (await backend.integrations.list(query)).items.map((i) => i.name);
      expect(await names({ page: 1, pageSize: 3 })).toEqual(['100% sync', 'a_b', 'Alpha']);
      expect(await names({ page: 2, pageSize: 3 })).toEqual(['bravo', 'charlie', 'delta']);
      expect(await names({ page: 3, pageSize: 3 })).toEqual(['echo']);
      expect((await backend.integrations.list({ page: 9, pageSize: 3 })).total).toBe(7);
      expect(await names({ page: 1, pageSize: 10, status: 'active' })).toEqual(['echo']);
      expect(await names({ page: 1, pageSize: 10, nameContains: 'HA' })).toEqual(['Alpha', 'charlie']);
      expect(await names({ page: 1, pageSize: 10, nameContains: '!' })).toEqual([]);
      expect(await names({ page: 1, pageSize: 10, nameContains: '%' })).toEqual(['100% sync']);
      expect(await names({ page: 1, pageSize: 10, nameContains: '_' })).toEqual(['a_b']);
      const filtered = await backend.integrations.list({ page: 1, pageSize: 1, status: 'inactive', nameContains: 'a' });
      expect([filtered.total, filtered.items.length]).toEqual([5, 1]);
    });

    it('filters by part of the email, A-Z and a-z alike (LIKE wildcards are literal)', async () => {
      await backend.integrations.save(anIntegration('One', { email: 'Ops@Partner.example' }));
      await backend.integrations.save(anIntegration('Two', { email: 'sales@shop.example' }));
      await backend.integrations.save(anIntegration('Three', { email: 'it_desk%1@partner.example' }));
      const names = async (emailContains: string): Promise<string[]> =>
        (await backend.integrations.list({ page: 1, pageSize: 10, emailContains })).items.map((i) => i.name);
      expect(await names('PARTNER')).toEqual(['One', 'Three']);
      expect(await names('ops@p')).toEqual(['One']);
      expect(await names('_')).toEqual(['Three']);
      expect(await names('%')).toEqual(['Three']);
      expect(await names('!')).toEqual([]);
      const both = await backend.integrations.list({ page: 1, pageSize: 10, emailContains: 'example', nameContains: 't' });
      expect([both.total, both.items.map((i) => i.name)]).toEqual([2, ['Three', 'Two']]);
    });

    it('orders by email, status, setup type or last use, either way, ties by name; the same on every backend', async () => {
      const rows: [string, string][] = [
        ['delta', 'b_x@example.com'],
        ['Alpha', 'Bz@example.com'],
        ['charlie', 'a@example.com'],
        ['bravo', 'b.y@example.com'],
        ['echo', 'bz@example.org'],
      ];
      for (const [name, email] of rows) {
        const integration = anIntegration(name, { email, ...(name === 'bravo' ? { setupType: 'config' as const } : {}) });
        if (name === 'charlie' || name === 'echo') integration.activateLocally(T1);
        await backend.integrations.save(integration);
      }
      await backend.integrations.recordUse((await backend.integrations.findByName('delta'))?.id ?? '', T1, 0);
      await backend.integrations.recordUse((await backend.integrations.findByName('echo'))?.id ?? '', T0, 0);
      const order = async (by: IntegrationSortField, direction: 'asc' | 'desc'): Promise<string[]> =>
        (await backend.integrations.list({ page: 1, pageSize: 10, order: { by, direction } })).items.map((i) => i.name);

      // '.' < '_' < 'z' in code point order; B and b alike.
      expect(await order('email', 'asc')).toEqual(['charlie', 'bravo', 'delta', 'Alpha', 'echo']);
      expect(await order('email', 'desc')).toEqual(['echo', 'Alpha', 'delta', 'bravo', 'charlie']);
      expect(await order('status', 'asc')).toEqual(['charlie', 'echo', 'Alpha', 'bravo', 'delta']);
      expect(await order('status', 'desc')).toEqual(['Alpha', 'bravo', 'delta', 'charlie', 'echo']);
      expect(await order('setupType', 'asc')).toEqual(['bravo', 'Alpha', 'charlie', 'delta', 'echo']);
      expect(await order('lastUsedAt', 'asc')).toEqual(['Alpha', 'bravo', 'charlie', 'echo', 'delta']);
      expect(await order('lastUsedAt', 'desc')).toEqual(['delta', 'echo', 'Alpha', 'bravo', 'charlie']);
      expect(await order('name', 'desc')).toEqual(['echo', 'delta', 'charlie', 'bravo', 'Alpha']);
      // Paged in that order.
      const second = await backend.integrations.list({ page: 2, pageSize: 2, order: { by: 'email', direction: 'asc' } });
      expect([second.total, second.items.map((i) => i.name)]).toEqual([5, ['delta', 'Alpha']]);
    });

    it('deletes an integration and its consumer; deleting nothing is fine', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      await backend.integrations.delete(integration.id);
      await backend.integrations.delete(integration.id);
      expect(await backend.integrations.findById(integration.id)).toBeNull();
      expect(await backend.integrations.findByConsumerKey(integration.credentials.require('oauth1').key)).toBeNull();
    });
  });

  describe('name keys: one rule on every backend (issue 16)', () => {
    const CAFE_NFC = 'Caf\u00e9';
    const CAFE_NFD = 'Cafe\u0301';

    it.each([
      ['Cafe', CAFE_NFC],
      [CAFE_NFC, 'Cafe'],
      ['Cafe', CAFE_NFD],
      [CAFE_NFC, CAFE_NFD],
      [CAFE_NFD, 'CAF\u00c9'],
      ['Acme Sync', 'Acme\u00a0Sync'],
      ['Acme Sync', 'Acme  Sync'],
      ['Acme Sync', '\uff21\uff43\uff4d\uff45 \uff33\uff59\uff4e\uff43'],
      ['Strasse', 'Stra\u00dfe'],
    ])('refuses %j and %j as two integrations', async (first, second) => {
      await backend.integrations.save(anIntegration(first));
      await expect(backend.integrations.save(anIntegration(second))).rejects.toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
      expect((await backend.integrations.list({ page: 1, pageSize: 10 })).total).toBe(1);
      expect((await backend.integrations.findByName(second))?.name).toBe(anIntegration(first).name);
    });

    it('keeps names apart that differ by more than case, accents, width or spacing (emoji, kana voicing)', async () => {
      for (const name of ['\u{1F34E} shop', '\u{1F34F} shop', '\u304b', '\u304c', 'Cafe 1', 'Cafe1']) await backend.integrations.save(anIntegration(name));
      expect((await backend.integrations.list({ page: 1, pageSize: 10 })).total).toBe(6);
      expect((await backend.integrations.findByName('\u{1F34F} SHOP'))?.name).toBe('\u{1F34F} shop');
    });

    it('stores 128 × İ (lower-casing alone would double it past the key column) and finds it', async () => {
      const name = '\u0130'.repeat(128);
      const integration = anIntegration(name, { email: 'dotted@example.com' });
      await backend.integrations.save(integration);
      expect((await backend.integrations.findById(integration.id))?.name).toBe(name);
      expect((await backend.integrations.findByName('i'.repeat(128)))?.id).toBe(integration.id);
    });

    it('searches and orders by the key alike everywhere', async () => {
      for (const name of ['Zeta', CAFE_NFC, 'cafeteria', 'Bistro', '\u00c9clair']) await backend.integrations.save(anIntegration(name));
      const names = async (nameContains?: string): Promise<string[]> =>
        (await backend.integrations.list({ page: 1, pageSize: 10, ...(nameContains === undefined ? {} : { nameContains }) })).items.map((i) => i.name);
      expect(await names()).toEqual(['Bistro', CAFE_NFC, 'cafeteria', '\u00c9clair', 'Zeta']);
      expect(await names('CAF\u00c9')).toEqual([CAFE_NFC, 'cafeteria']);
      expect(await names('\uff25')).toEqual([CAFE_NFC, 'cafeteria', '\u00c9clair', 'Zeta']);
    });

    it('keeps admin role names unique by the same key', async () => {
      await backend.roles.save(anAdminRole('Caf\u00e9 Ops'));
      for (const name of ['cafe ops', 'Cafe\u0301\u00a0Ops', '\uff23\uff41\uff46\uff45  OPS']) {
        await expect(backend.roles.save(anAdminRole(name))).rejects.toMatchObject({ code: 'ROLE.NAME_TAKEN' });
      }
      expect((await backend.roles.findAdminRoleByName('CAFE OPS'))?.name).toBe('Caf\u00e9 Ops');
      await backend.roles.save(anAdminRole('\u{1F34E} Ops'));
      await backend.roles.save(anAdminRole('\u{1F34F} Ops'));
      expect((await backend.roles.listAdminRoles()).map((role) => role.name)).toEqual(['Caf\u00e9 Ops', '\u{1F34E} Ops', '\u{1F34F} Ops']);
    });
  });

  describe('IntegrationRepository.recordUse', () => {
    const at = (ms: number): Date => new Date(T0.getTime() + ms);

    it('writes lastUsedAt at most once per interval, to the millisecond, touching nothing else', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const before = integration.toSnapshot();

      expect(await backend.integrations.recordUse(integration.id, at(0), 60)).toBe(true);
      expect(await backend.integrations.recordUse(integration.id, at(59_999), 60)).toBe(false);
      expect((await backend.integrations.findById(integration.id))?.toSnapshot()).toEqual({ ...before, lastUsedAt: at(0) });
      expect(await backend.integrations.recordUse(integration.id, at(60_000), 60)).toBe(true);
      expect((await backend.integrations.findById(integration.id))?.toSnapshot()).toEqual({ ...before, lastUsedAt: at(60_000) });
    });

    it('answers false for an unknown integration', async () => {
      expect(await backend.integrations.recordUse('no-such-integration', T0, 60)).toBe(false);
    });

    it('writes once for 10 concurrent uses', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const written = await Promise.all(Array.from({ length: 10 }, (_, i) => backend.integrations.recordUse(integration.id, at(i), 60)));
      expect(written.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('IntegrationRepository: credential policies and rotated secrets', () => {
    // A non-empty allowlist cannot be restored until IpAllowlist.parse is implemented: its column
    // mapping is covered by test/unit/adapters/persistence/integration.mapper.test.ts.
    const limited = (): CredentialPolicy => CredentialPolicy.of({ expiresAt: T1, allowedIps: [], rateLimit: { limit: 600, windowSeconds: 60 } });

    it('round-trips a policy with an expiry and a rate limit, and an open one after a change', async () => {
      const integration = anIntegration('ERP', { policy: limited() });
      await backend.integrations.save(integration);
      expect((await backend.integrations.findById(integration.id))?.toSnapshot()).toEqual(integration.toSnapshot());
      expect((await backend.integrations.findById(integration.id))?.policy.toSnapshot()).toEqual({ expiresAt: T1, allowedIps: [], rateLimit: { limit: 600, windowSeconds: 60 } });

      integration.changePolicy({ expiresAt: null, rateLimit: null }, T1, 'admin');
      await backend.integrations.save(integration);
      const [listed] = (await backend.integrations.list({ page: 1, pageSize: 10 })).items;
      expect(listed?.toSnapshot()).toEqual(integration.toSnapshot());
      expect(listed?.policy.isOpen).toBe(true);
    });

    it('keeps a rotated-out consumer secret with the end of its grace, found by consumer key too; ends it', async () => {
      const integration = anIntegration('ERP');
      const oldSecret = integration.credentials.require('oauth1').secret;
      await backend.integrations.save(integration);
      integration.rotateConsumerSecret(key('ns'), 3600, T1);
      await backend.integrations.save(integration);
      const consumerKey = integration.credentials.require('oauth1').key;
      const until = new Date(T1.getTime() + 3_600_000);

      const loaded = await backend.integrations.findByConsumerKey(consumerKey);
      expect(loaded?.toSnapshot()).toEqual(integration.toSnapshot());
      expect(loaded?.credentials.require('oauth1').previous).toEqual({ secret: oldSecret, until });

      integration.endSecretGrace(T1);
      await backend.integrations.save(integration);
      const ended = await backend.integrations.findById(integration.id);
      expect(ended?.credentials.require('oauth1')).toEqual({ kind: 'oauth1', key: consumerKey, secret: integration.credentials.require('oauth1').secret });
    });
  });

  describe('IntegrationRepository.list: unusedSince (stale credentials)', () => {
    const since = T1;
    const at = (ms: number): Date => new Date(since.getTime() + ms);

    it('lists those last used before it, or never used and created before it; the same on every backend', async () => {
      const save = async (name: string, createdAt: Date, usedAt: Date | null, status: 'active' | 'inactive' = 'inactive'): Promise<void> => {
        const integration = anIntegration(name, { now: createdAt });
        if (status === 'active') integration.activateLocally(createdAt);
        await backend.integrations.save(integration);
        if (usedAt !== null) await backend.integrations.recordUse(integration.id, usedAt, 0);
      };
      await save('used before', T0, at(-1), 'active');
      await save('used at it', T0, at(0));
      await save('used after', T0, at(3_600_000), 'active');
      await save('never used, created before', T0, null);
      await save('never used, created at it', at(0), null);
      await save('never used, created after', at(1), null);
      const names = async (query: Omit<Parameters<Backend['integrations']['list']>[0], 'page' | 'pageSize'>): Promise<string[]> =>
        (await backend.integrations.list({ page: 1, pageSize: 10, ...query })).items.map((i) => i.name);

      expect(await names({ unusedSince: since })).toEqual(['never used, created before', 'used before']);
      expect(await names({ unusedSince: since, status: 'active' })).toEqual(['used before']);
      expect(await names({ unusedSince: at(3_600_001), order: { by: 'lastUsedAt', direction: 'desc' } })).toEqual([
        'used after',
        'used at it',
        'used before',
        'never used, created after',
        'never used, created at it',
        'never used, created before',
      ]);
      const paged = await backend.integrations.list({ page: 2, pageSize: 1, unusedSince: since });
      expect([paged.total, paged.items.map((i) => i.name)]).toEqual([2, ['used before']]);
    });
  });

  describe('RoleRepository', () => {
    it('round-trips admin and integration roles with their grants', async () => {
      const admin = anAdminRole('Support');
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const own = Role.forIntegration({ id: `role-${++sequence}`, integrationId: integration.id, grant: Grant.all(), now: T0 });
      await backend.roles.save(admin);
      await backend.roles.save(own);
      expect((await backend.roles.findById(admin.id))?.toSnapshot()).toEqual(admin.toSnapshot());
      expect((await backend.roles.findByIntegrationId(integration.id))?.toSnapshot()).toEqual(own.toSnapshot());
      expect((await backend.roles.findAdminRoleByName('SUPPORT'))?.id).toBe(admin.id);
      expect(await backend.roles.findAdminRoleByName(own.name)).toBeNull();
    });

    it('round-trips read-only admin and integration roles, and a role made writable again', async () => {
      const admin = Role.createAdminRole({ id: `role-${++sequence}`, name: 'Auditors', grant: Grant.all(), readOnly: true, now: T0 });
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const own = Role.forIntegration({ id: `role-${++sequence}`, integrationId: integration.id, grant: Grant.custom([R.orders]), readOnly: true, now: T0 });
      await backend.roles.save(admin);
      await backend.roles.save(own);
      expect((await backend.roles.findById(admin.id))?.toSnapshot()).toEqual(admin.toSnapshot());
      expect((await backend.roles.findByIntegrationId(integration.id))?.readOnly).toBe(true);
      expect((await backend.roles.listAdminRoles()).map((role) => role.readOnly)).toEqual([true]);

      admin.changeReadOnly(false, T1);
      await backend.roles.save(admin);
      expect((await backend.roles.findById(admin.id))?.toSnapshot()).toEqual({ ...admin.toSnapshot(), readOnly: false, updatedAt: T1 });
    });

    it('replaces the rules when the grant changes', async () => {
      const role = anAdminRole('Support');
      await backend.roles.save(role);
      role.changeGrant(Grant.custom([R.customers]), T1);
      await backend.roles.save(role);
      expect((await backend.roles.findById(role.id))?.grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.customers], excluded: [] });
      role.changeGrant(Grant.all(), T1);
      await backend.roles.save(role);
      expect((await backend.roles.findById(role.id))?.grant.isAll).toBe(true);
    });

    it('keeps admin role names unique ignoring case, but not against integration roles', async () => {
      await backend.roles.save(anAdminRole('Support'));
      await expect(backend.roles.save(anAdminRole('support'))).rejects.toMatchObject({ code: 'ROLE.NAME_TAKEN' });
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      await backend.roles.save(Role.forIntegration({ id: 'role-x', integrationId: integration.id, grant: Grant.none(), now: T0 }));
      await expect(backend.roles.save(anAdminRole(`integration:${integration.id}`))).resolves.toBeUndefined();
    });

    it('pages admin roles in list order, reading one page (not integration roles); past the end: none', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      await backend.roles.save(Role.forIntegration({ id: 'role-z', integrationId: integration.id, grant: Grant.all(), now: T0 }));
      for (const name of ['echo', 'Delta', 'alpha', 'Charlie', 'bravo']) await backend.roles.save(anAdminRole(name));
      const names = async (page: number, pageSize: number): Promise<{ names: string[]; total: number }> => {
        const result = await backend.roles.pageAdminRoles({ page, pageSize });
        return { names: result.items.map((role) => role.name), total: result.total };
      };
      expect(await names(1, 2)).toEqual({ names: ['alpha', 'bravo'], total: 5 });
      expect(await names(3, 2)).toEqual({ names: ['echo'], total: 5 });
      expect(await names(4, 2)).toEqual({ names: [], total: 5 });
      // With their grants.
      const [first] = (await backend.roles.pageAdminRoles({ page: 1, pageSize: 1 })).items;
      expect(first?.grant.toSnapshot()).toEqual(Grant.custom([R.orders], [R.cancel]).toSnapshot());
    });

    it('lists admin roles by name, not integration roles; deletes', async () => {
      const b = anAdminRole('bravo');
      await backend.roles.save(b);
      await backend.roles.save(anAdminRole('Alpha'));
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      await backend.roles.save(Role.forIntegration({ id: 'role-y', integrationId: integration.id, grant: Grant.all(), now: T0 }));
      expect((await backend.roles.listAdminRoles()).map((r) => r.name)).toEqual(['Alpha', 'bravo']);
      await backend.roles.delete(b.id);
      expect((await backend.roles.listAdminRoles()).map((r) => r.name)).toEqual(['Alpha']);
      expect(await backend.roles.findById(b.id)).toBeNull();
    });
  });

  describe('AdminUserRepository', () => {
    it('round-trips, finds by username ignoring case, counts by role, lists by username', async () => {
      const role = anAdminRole('Admins', Grant.all());
      await backend.roles.save(role);
      const zed = anAdminUser('zed', role.id);
      zed.deactivate(T1);
      await backend.adminUsers.save(zed);
      await backend.adminUsers.save(anAdminUser('Amy', role.id));
      expect((await backend.adminUsers.findById(zed.id))?.toSnapshot()).toEqual(zed.toSnapshot());
      expect((await backend.adminUsers.findByUsername('ZED'))?.id).toBe(zed.id);
      expect(await backend.adminUsers.countByRoleId(role.id)).toBe(2);
      expect((await backend.adminUsers.list()).map((u) => u.username)).toEqual(['Amy', 'zed']);
      await backend.adminUsers.delete(zed.id);
      expect(await backend.adminUsers.findById(zed.id)).toBeNull();
    });

    it('pages users in list order, reading one page; past the end: none', async () => {
      for (const username of ['dora', 'Bob', 'alice', 'Carl']) await backend.adminUsers.save(anAdminUser(username, 'r'));
      const usernames = async (page: number, pageSize: number): Promise<{ usernames: string[]; total: number }> => {
        const result = await backend.adminUsers.page({ page, pageSize });
        return { usernames: result.items.map((user) => user.username), total: result.total };
      };
      expect(await usernames(1, 3)).toEqual({ usernames: ['alice', 'Bob', 'Carl'], total: 4 });
      expect(await usernames(2, 3)).toEqual({ usernames: ['dora'], total: 4 });
      expect(await usernames(3, 3)).toEqual({ usernames: [], total: 4 });
    });

    it('refuses a duplicate username in any case', async () => {
      await backend.adminUsers.save(anAdminUser('ada', 'r'));
      await expect(backend.adminUsers.save(anAdminUser('ADA', 'r'))).rejects.toMatchObject({ code: 'ADMIN_USER.USERNAME_TAKEN' });
    });
  });

  describe('OAuthTokenRepository', () => {
    it('saves, finds by token, lists by integration oldest first, revokes, deletes by integration', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const first = OAuthToken.issueAccessToken({ id: 'tok-1', integrationId: integration.id, token: key('tk'), secret: key('ts'), now: T0 });
      const second = OAuthToken.issueAccessToken({ id: 'tok-2', integrationId: integration.id, token: key('tk'), secret: key('ts'), now: T1 });
      await backend.tokens.save(second);
      await backend.tokens.save(first);
      expect((await backend.tokens.findByToken(first.token))?.toSnapshot()).toEqual(first.toSnapshot());
      expect((await backend.tokens.listByIntegrationId(integration.id)).map((t) => t.id)).toEqual(['tok-1', 'tok-2']);
      first.revoke(T1);
      await backend.tokens.save(first);
      expect((await backend.tokens.findByToken(first.token))?.isRevoked).toBe(true);
      await backend.tokens.deleteByIntegrationId(integration.id);
      expect(await backend.tokens.listByIntegrationId(integration.id)).toEqual([]);
      expect(await backend.tokens.findByToken('missing')).toBeNull();
    });

    it("keeps the end of a replaced access token's grace period to the millisecond", async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const token = OAuthToken.issueAccessToken({ id: 'tok-g', integrationId: integration.id, token: key('tk'), secret: key('ts'), now: T0 });
      await backend.tokens.save(token);
      expect((await backend.tokens.findByToken(token.token))?.expiresAt).toBeNull();
      token.retireAt(T1);
      await backend.tokens.save(token);
      expect((await backend.tokens.findByToken(token.token))?.toSnapshot()).toEqual({ ...token.toSnapshot(), expiresAt: T1 });
      expect((await backend.tokens.listByIntegrationId(integration.id)).map((t) => t.expiresAt)).toEqual([T1]);
    });
  });

  describe('OAuthTokenRepository.replace and purgeUnfinishedOlderThan', () => {
    it('replaces a token only while it still holds the expected value (compare-and-set)', async () => {
      const integration = anIntegration('ERP');
      await backend.integrations.save(integration);
      const verifier = OAuthToken.issueVerifier({ id: 'tok-v', integrationId: integration.id, token: key('vt'), secret: key('vs'), verifier: key('vv'), now: T0 });
      await backend.tokens.save(verifier);
      const previous = verifier.token;
      const winner = OAuthToken.restore(verifier.toSnapshot());
      const loser = OAuthToken.restore(verifier.toSnapshot());
      winner.exchangeForRequestToken({ token: key('rt'), secret: key('rs') }, T1);
      loser.exchangeForRequestToken({ token: key('rt'), secret: key('rs') }, T1);

      expect(await backend.tokens.replace(winner, previous)).toBe(true);
      expect(await backend.tokens.replace(loser, previous)).toBe(false);
      expect((await backend.tokens.findByToken(winner.token))?.toSnapshot()).toEqual(winner.toSnapshot());
      expect(await backend.tokens.findByToken(loser.token)).toBeNull();
      expect(await backend.tokens.findByToken(previous)).toBeNull();
    });

    it('purges verifier and request tokens created before a time, never access tokens', async () => {
      const integration = anIntegration('ERP');
      const other = anIntegration('CRM');
      const third = anIntegration('BI');
      for (const each of [integration, other, third]) await backend.integrations.save(each);
      await backend.tokens.save(OAuthToken.issueVerifier({ id: 'old-v', integrationId: integration.id, token: key('a'), secret: key('b'), verifier: key('c'), now: T0 }));
      const request = OAuthToken.issueVerifier({ id: 'old-r', integrationId: other.id, token: key('d'), secret: key('e'), verifier: key('f'), now: T0 });
      request.exchangeForRequestToken({ token: key('g'), secret: key('h') }, T0);
      await backend.tokens.save(request);
      await backend.tokens.save(OAuthToken.issueAccessToken({ id: 'old-a', integrationId: third.id, token: key('i'), secret: key('j'), now: T0 }));
      await backend.tokens.save(OAuthToken.issueVerifier({ id: 'new-v', integrationId: third.id, token: key('k'), secret: key('l'), verifier: key('m'), now: T1 }));

      expect(await backend.tokens.purgeUnfinishedOlderThan(T1)).toBe(2);
      expect((await backend.tokens.listByIntegrationId(integration.id)).length).toBe(0);
      expect((await backend.tokens.listByIntegrationId(other.id)).length).toBe(0);
      expect((await backend.tokens.listByIntegrationId(third.id)).map((t) => t.id).sort()).toEqual(['new-v', 'old-a']);
    });
  });

  describe('deletion cascades: the repository deletes what belongs to what it deletes', () => {
    /** oauth_timestamp of the nonces below, seconds since the epoch. */
    const NONCE_TIME = Math.floor(T0.getTime() / 1000);
    const integrationRole = (integration: Integration): Role =>
      Role.forIntegration({ id: `role-of-${integration.id}`, integrationId: integration.id, grant: Grant.custom([R.orders], [R.cancel]), now: T0 });
    const anAccessToken = (integration: Integration): OAuthToken =>
      OAuthToken.issueAccessToken({ id: `tok-${++sequence}`, integrationId: integration.id, token: key('tk'), secret: key('ts'), now: T0 });
    const aSession = (adminUserId: string): AdminTokenRecord => ({ adminUserId, createdAt: T0, expiresAt: T1, revoked: false });
    /** Grant rule rows stored for a role, counted in SQL (null in memory, where the grant is part of the role). */
    const storedRules = async (roleId: string): Promise<number | null> => {
      if (backend.persistence === null) return null;
      const rows: Array<{ n: number | string }> = await backend.persistence.dataSource.query('SELECT COUNT(*) AS n FROM authorization_rule WHERE role_id = ?', [roleId]);
      return Number(rows[0]?.n);
    };

    it('deleting an integration removes its consumer, tokens, nonces and role with its grant; nothing of another integration or admin role', async () => {
      const gone = anIntegration('Gone');
      const kept = anIntegration('Kept');
      const admins = anAdminRole('Admins');
      await backend.roles.save(admins);
      for (const integration of [gone, kept]) {
        await backend.integrations.save(integration);
        await backend.roles.save(integrationRole(integration));
        await backend.nonces.use(integration.id, 'n-1', NONCE_TIME);
      }
      await backend.nonces.use(gone.id, 'n-2', NONCE_TIME);
      const goneAccess = anAccessToken(gone);
      const goneVerifier = OAuthToken.issueVerifier({ id: `tok-${++sequence}`, integrationId: gone.id, token: key('vt'), secret: key('vs'), verifier: key('vv'), now: T1 });
      const keptAccess = anAccessToken(kept);
      for (const token of [goneAccess, goneVerifier, keptAccess]) await backend.tokens.save(token);
      expect(await storedRules(`role-of-${gone.id}`)).toBe(backend.persistence === null ? null : 2);

      await backend.integrations.delete(gone.id);

      expect(await backend.integrations.findById(gone.id)).toBeNull();
      expect(await backend.integrations.findByConsumerKey(gone.credentials.require('oauth1').key)).toBeNull();
      expect(await backend.roles.findByIntegrationId(gone.id)).toBeNull();
      expect(await backend.roles.findById(`role-of-${gone.id}`)).toBeNull();
      expect(await storedRules(`role-of-${gone.id}`)).toBe(backend.persistence === null ? null : 0);
      expect(await backend.tokens.listByIntegrationId(gone.id)).toEqual([]);
      expect(await backend.tokens.findByToken(goneAccess.token)).toBeNull();
      expect(await backend.tokens.findByToken(goneVerifier.token)).toBeNull();
      // The other integration keeps everything.
      expect((await backend.integrations.findById(kept.id))?.toSnapshot()).toEqual(kept.toSnapshot());
      expect((await backend.roles.findByIntegrationId(kept.id))?.toSnapshot()).toEqual(integrationRole(kept).toSnapshot());
      expect((await backend.tokens.listByIntegrationId(kept.id)).map((token) => token.id)).toEqual([keptAccess.id]);
      expect((await backend.roles.listAdminRoles()).map((role) => role.id)).toEqual([admins.id]);
      expect(await backend.nonces.use(kept.id, 'n-1', NONCE_TIME)).toBe(false);
      // Of the three nonces, only the kept integration's is left to purge.
      expect(await backend.nonces.purgeOlderThan(NONCE_TIME + 1)).toBe(1);
    });

    it('deleting an integration in a unit of work that fails keeps it with everything that belongs to it', async () => {
      const integration = anIntegration('Kept on failure');
      await backend.integrations.save(integration);
      await backend.roles.save(integrationRole(integration));
      const token = anAccessToken(integration);
      await backend.tokens.save(token);
      await backend.nonces.use(integration.id, 'n-1', NONCE_TIME);

      await expect(
        backend.unitOfWork.run(async () => {
          await backend.integrations.delete(integration.id);
          throw new Error('fails after the delete');
        }),
      ).rejects.toThrow('fails after the delete');

      expect((await backend.integrations.findById(integration.id))?.toSnapshot()).toEqual(integration.toSnapshot());
      expect((await backend.roles.findByIntegrationId(integration.id))?.toSnapshot()).toEqual(integrationRole(integration).toSnapshot());
      expect((await backend.tokens.listByIntegrationId(integration.id)).map((each) => each.id)).toEqual([token.id]);
      expect(await backend.nonces.use(integration.id, 'n-1', NONCE_TIME)).toBe(false);
    });

    it("deleting an admin user removes their admin tokens, not another user's, and keeps the username's failed sign-ins", async () => {
      const role = anAdminRole('Admins', Grant.all());
      await backend.roles.save(role);
      const ada = anAdminUser('ada', role.id);
      const bob = anAdminUser('bob', role.id);
      for (const user of [ada, bob]) await backend.adminUsers.save(user);
      const [adas, bobs] = [key('adm'), key('adm')];
      await backend.adminTokens.add(adas, aSession(ada.id));
      await backend.adminTokens.add(bobs, aSession(bob.id));
      await backend.signInFailures.recordFailure(usernameKey('ada'), T0);

      await backend.adminUsers.delete(ada.id);

      expect(await backend.adminUsers.findById(ada.id)).toBeNull();
      expect(await backend.adminTokens.findByToken(adas)).toBeNull();
      expect(await backend.adminTokens.findByToken(bobs)).toEqual(aSession(bob.id));
      // Failed sign-ins count against the username, known or not: deleting the user lifts no lock.
      expect(await backend.signInFailures.find(usernameKey('ada'))).toEqual({ failures: 1, lockExpiresAt: null });
      expect((await backend.roles.findById(role.id))?.toSnapshot()).toEqual(role.toSnapshot());
    });

    it('deleting an admin role removes its grant and keeps its users, who keep its id', async () => {
      const clerks = anAdminRole('Clerks');
      await backend.roles.save(clerks);
      const carl = anAdminUser('carl', clerks.id);
      await backend.adminUsers.save(carl);
      expect(await storedRules(clerks.id)).toBe(backend.persistence === null ? null : 2);

      await backend.roles.delete(clerks.id);

      expect(await backend.roles.findById(clerks.id)).toBeNull();
      expect(await storedRules(clerks.id)).toBe(backend.persistence === null ? null : 0);
      expect((await backend.adminUsers.findById(carl.id))?.toSnapshot()).toEqual(carl.toSnapshot());
      expect(await backend.adminUsers.countByRoleId(clerks.id)).toBe(1);
    });
  });

  describe('UnitOfWork', () => {
    it('commits every write of a unit that succeeds', async () => {
      await backend.unitOfWork.run(async () => {
        await backend.integrations.save(anIntegration('A'));
        await backend.roles.save(anAdminRole('R'));
      });
      expect((await backend.integrations.list({ page: 1, pageSize: 5 })).total).toBe(1);
      expect((await backend.roles.listAdminRoles()).length).toBe(1);
    });

    it('leaves no row behind when a unit fails half-way', async () => {
      const kept = anIntegration('Kept');
      await backend.integrations.save(kept);
      await expect(
        backend.unitOfWork.run(async () => {
          await backend.integrations.save(anIntegration('Half'));
          await backend.roles.save(anAdminRole('Half role'));
          await backend.integrations.delete(kept.id);
          throw new Error('fails half-way');
        }),
      ).rejects.toThrow('fails half-way');
      expect((await backend.integrations.list({ page: 1, pageSize: 5 })).items.map((i) => i.name)).toEqual(['Kept']);
      expect(await backend.roles.listAdminRoles()).toEqual([]);
    });

    it('joins nested units to the outer one', async () => {
      await expect(
        backend.unitOfWork.run(async () => {
          await backend.unitOfWork.run(() => backend.integrations.save(anIntegration('Inner')));
          throw new Error('outer fails');
        }),
      ).rejects.toThrow('outer fails');
      expect(await backend.integrations.findByName('Inner')).toBeNull();
    });

    it('keeps concurrent units apart: one failing does not undo the other', async () => {
      const results = await Promise.allSettled([
        backend.unitOfWork.run(async () => {
          await backend.integrations.save(anIntegration('One'));
          throw new Error('one fails');
        }),
        backend.unitOfWork.run(() => backend.integrations.save(anIntegration('Two'))),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
      expect((await backend.integrations.list({ page: 1, pageSize: 5 })).items.map((i) => i.name)).toEqual(['Two']);
    });
  });
}
