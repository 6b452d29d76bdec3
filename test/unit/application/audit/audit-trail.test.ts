import { type IntegrationDeclarationPart } from '../../../../src/application/config-sync/config-declarations';
import { AUDIT_ACTIONS, AUDIT_TRAIL } from '../../../../src/application/audit/audit-actions';
import { type AuditEntryView } from '../../../../src/application/use-cases/audit/audit.views';
import { AUDIT_SCOPE, type AuditScope } from '../../../../src/application/ports/audit-scope.port';
import { R } from '../../../support/acl-fixtures';
import { HANDSHAKE_URLS } from '../../../support/integration-fixtures';
import { aCompletedHandshake, RecordingExchange } from '../../../support/oauth-test-requests';
import { ADMIN_PASSWORD, anAdmin, testCore, type TestCore } from '../../../support/test-core';

/** Every entry, oldest first. */
async function trail(core: TestCore): Promise<AuditEntryView[]> {
  const entries: AuditEntryView[] = [];
  for await (const entry of core.portcullis.audit.export()) entries.push(entry);
  return entries;
}

/** What each entry says, without the hashes and times. */
const said = (entries: readonly AuditEntryView[]): Array<[string, string | null, string | null, string | null]> =>
  entries.map((entry) => [entry.action, entry.actor.kind, entry.actor.name, entry.target.name]);

function declaration(name: string, resources: readonly string[]): IntegrationDeclarationPart {
  const at = (line: number) => ({ file: '/ext/Vendor/etc/integration.xml', line, column: 5 });
  return {
    format: 'integration.xml',
    name: { value: name, location: at(3) },
    email: { value: 'vendor@example.com', location: at(4) },
    resources: resources.map((value, index) => ({ value, location: at(8 + index) })),
  };
}

describe('the audit trail (in memory, through the library)', () => {
  it('maps every event name: to an action, or skipped with its reason (AccessTokenIssued, AccessTokenRevoked)', () => {
    const skipped = Object.entries(AUDIT_TRAIL)
      .filter(([, describe]) => describe === null)
      .map(([name]) => name);
    expect(skipped).toEqual(['AccessTokenIssued', 'AccessTokenRevoked']);
  });

  it('records every action with the admin who acted (id and username), the system, the config sync, the third party, or anonymous', async () => {
    const exchange = new RecordingExchange();
    const core = testCore({ tokenExchange: exchange, signInLockout: { maxFailures: 2 } });
    const jane = await anAdmin(core, 'jane', 'all');
    const { actor } = jane;
    const { integrations, roles, adminUsers, adminAuth, config } = core.portcullis;

    // Roles
    const role = await roles.create({ name: 'Support', resourceAccess: 'custom', resources: [R.orders], actor });
    await roles.update({ id: role.id, name: 'Sales Support', resourceAccess: 'custom', resources: [R.orders, R.customers], excluded: [R.cancel], actor });
    // No role use case takes readOnly (yet): the stored role is made read-only directly, as the system.
    const stored = await core.roles.findById(role.id);
    stored?.changeReadOnly(true, core.clock.now());
    if (stored) await core.roles.save(stored);
    // Admin users
    const john = await adminUsers.create({ username: 'john', firstName: 'J', lastName: 'D', email: 'john@example.com', password: 'a fine pass 1', roleId: role.id, actor });
    await adminUsers.update({ id: john.id, lastName: 'Doe', roleId: jane.roleId, password: 'another pass 2', active: false, actor });
    await adminUsers.update({ id: john.id, active: true, actor });
    // Integrations
    const { integration } = await integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom', resources: [R.orders], activate: true, actor });
    await integrations.update({ id: integration.id, name: 'ERP 2', resourceAccess: 'custom', resources: [R.customers], actor });
    await integrations.update({ id: integration.id, policy: { readOnly: true, rateLimit: { limit: 10, windowSeconds: 60 } }, actor });
    await integrations.rotateSecret({ id: integration.id, graceSeconds: 60, actor });
    await integrations.credentials({ id: integration.id, actor });
    await integrations.reauthorize({ id: integration.id, actor });
    await integrations.revoke({ id: integration.id, actor });
    await integrations.delete({ id: integration.id, actor });
    // The token exchange: started by the system here, completed by the third party.
    const handshake = await aCompletedHandshake(core, exchange, { name: 'Partner' });
    exchange.onPost = () => Promise.reject(new Error('callback unreachable'));
    await expect(integrations.reauthorize({ id: handshake.id, actor })).rejects.toThrow();
    // Sign-in
    const { token } = await adminAuth.signIn({ username: 'jane', password: ADMIN_PASSWORD });
    await expect(adminAuth.signIn({ username: 'nobody', password: 'not-a-secret-1' })).rejects.toThrow();
    for (const _ of [1, 2]) await expect(adminAuth.signIn({ username: 'john', password: 'wrong' })).rejects.toThrow();
    await adminUsers.unlock({ id: john.id, actor });
    await adminAuth.signOut({ token });
    // Config sync, then the rest of the deletions.
    await config.sync({ declarations: [declaration('Vendor ERP', [R.orders])] });
    await config.sync({ declarations: [declaration('Vendor ERP', [R.orders, R.customers])] });
    await config.sync({ declarations: [], allowNoDeclarations: true });
    await config.sync({ declarations: [], allowNoDeclarations: true, prune: true });
    await adminUsers.delete({ id: john.id, actor });
    await roles.delete({ id: role.id, actor });

    const entries = await trail(core);
    expect(new Set(entries.map((entry) => entry.action))).toEqual(new Set(AUDIT_ACTIONS));
    expect(said(entries.filter((entry) => entry.actor.kind === 'admin' && entry.actor.name === 'jane').slice(0, 4))).toEqual([
      ['role.created', 'admin', 'jane', 'Support'],
      ['role.grant_changed', 'admin', 'jane', 'Support'],
      ['role.renamed', 'admin', 'jane', 'Sales Support'],
      ['role.grant_changed', 'admin', 'jane', 'Sales Support'],
    ]);
    const byAction = (action: string): AuditEntryView[] => entries.filter((entry) => entry.action === action);

    // Every admin action names jane by id and username; none has a source (no request).
    for (const entry of entries.filter((e) => e.actor.kind === 'admin' && !e.action.startsWith('admin.'))) {
      expect({ action: entry.action, actor: entry.actor, source: entry.source }).toEqual({ action: entry.action, actor: { kind: 'admin', id: jane.userId, name: 'jane' }, source: null });
    }
    expect(byAction('integration.grant_changed').map((entry) => [entry.target.name, entry.details])).toEqual([
      ['ERP', { added: [R.sales, R.operations, R.orders, R.actions, R.create, R.cancel, R.capture], removed: [], allResources: { before: false, after: false } }],
      ['ERP 2', { added: [R.customers, R.manageCustomers], removed: [R.sales, R.operations, R.orders, R.actions, R.create, R.cancel, R.capture], allResources: { before: false, after: false } }],
      ['Partner', expect.objectContaining({ removed: [] })],
      // A declaration's list means exactly those resources (and their ancestors), as in Magento.
      ['Vendor ERP', { added: [R.sales, R.operations, R.orders], removed: [], allResources: { before: false, after: false } }],
      ['Vendor ERP', { added: [R.customers], removed: [], allResources: { before: false, after: false } }],
    ]);
    expect(byAction('integration.updated')[0]?.details).toEqual({ by: 'admin', changed: ['name'], previousName: 'ERP' });
    expect(byAction('integration.policy_changed').map((entry) => [entry.target.name, entry.details])).toEqual([
      ['ERP 2', { changed: ['readOnly'], readOnly: 'true' }],
      ['ERP 2', { by: 'admin', changed: ['rateLimit'] }],
    ]);
    expect(byAction('integration.secret_rotated').map((entry) => [entry.target.name, entry.details])).toEqual([['ERP 2', { graceSeconds: 60 }]]);
    expect(said(byAction('role.read_only_changed'))).toEqual([['role.read_only_changed', 'system', null, 'Sales Support']]);
    expect(byAction('role.read_only_changed')[0]?.details).toEqual({ readOnly: 'true' });
    expect(byAction('role.grant_changed').find((entry) => entry.target.name === 'Sales Support')?.details).toEqual({
      added: [R.customers, R.manageCustomers],
      removed: [R.cancel],
      allResources: { before: false, after: false },
    });

    // The system acts when no admin is named; the third party completes its own exchange.
    expect(byAction('integration.token_exchange_started').map((entry) => entry.actor)).toEqual([
      { kind: 'system', id: null, name: null },
      { kind: 'admin', id: jane.userId, name: 'jane' },
    ]);
    expect(byAction('integration.activated').map((entry) => entry.actor)).toEqual([
      { kind: 'admin', id: jane.userId, name: 'jane' },
      { kind: 'integration', id: handshake.id, name: 'Partner' },
    ]);
    expect(byAction('integration.token_exchange_failed')[0]?.actor).toEqual({ kind: 'admin', id: jane.userId, name: 'jane' });

    // Sign-in facts: the user signing in acts; a username nobody has is kept nowhere.
    expect(said([...byAction('admin.sign_in_succeeded'), ...byAction('admin.sign_in_failed'), ...byAction('admin.sign_in_locked'), ...byAction('admin.signed_out')])).toEqual([
      ['admin.sign_in_succeeded', 'admin', 'jane', 'jane'],
      ['admin.sign_in_failed', 'anonymous', null, null],
      ['admin.sign_in_failed', 'admin', 'john', 'john'],
      ['admin.sign_in_failed', 'admin', 'john', 'john'],
      ['admin.sign_in_locked', 'admin', 'john', 'john'],
      ['admin.signed_out', 'admin', 'jane', 'jane'],
    ]);
    expect(JSON.stringify(entries)).not.toContain('nobody');
    expect(byAction('admin.sign_in_unlocked')[0]).toMatchObject({ actor: { kind: 'admin', name: 'jane' }, target: { id: john.id, name: 'john' }, details: { failures: 2 } });

    // The config sync acts for itself.
    expect(said(entries.filter((entry) => entry.actor.kind === 'config-sync'))).toEqual([
      ['integration.created', 'config-sync', null, 'Vendor ERP'],
      ['integration.grant_changed', 'config-sync', null, 'Vendor ERP'],
      ['config_sync.ran', 'config-sync', null, null],
      ['integration.reset_by_config', 'config-sync', null, 'Vendor ERP'],
      ['integration.grant_changed', 'config-sync', null, 'Vendor ERP'],
      ['config_sync.ran', 'config-sync', null, null],
      ['integration.orphaned', 'config-sync', null, 'Vendor ERP'],
      ['config_sync.ran', 'config-sync', null, null],
      ['integration.deleted', 'config-sync', null, 'Vendor ERP'],
      ['config_sync.ran', 'config-sync', null, null],
    ]);
    expect(byAction('config_sync.ran')[0]?.details).toEqual({ created: 1, updated: 0, reset: 0, unchanged: 0, orphaned: 0, deleted: 0 });

    await expect(core.portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: entries.length, firstSeq: 1, lastSeq: entries.length, problem: null });
  });

  it('records the source a caller gives its scope, and keeps an admin who is gone as an id', async () => {
    const core = testCore();
    const jane = await anAdmin(core, 'jane', 'all');
    const scope = core.container.get<AuditScope>(AUDIT_SCOPE);
    const source = { ip: '203.0.113.7', userAgent: 'x'.repeat(600), requestId: 'req-1' };
    const { integration } = await scope.run({ source }, () =>
      core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', actor: jane.actor }),
    );
    await core.portcullis.adminUsers.delete({ id: jane.userId });
    await core.portcullis.integrations.delete({ id: integration.id, actor: jane.actor }).catch(() => undefined);
    await core.portcullis.integrations.revoke({ id: integration.id });

    const entries = await trail(core);
    const created = entries.find((entry) => entry.action === 'integration.created');
    // The user agent is cut to 512 characters before the entry is hashed.
    expect(created?.source).toEqual({ ...source, userAgent: 'x'.repeat(512) });
    expect(created?.actor).toEqual({ kind: 'admin', id: jane.userId, name: 'jane' });
    expect(entries.find((entry) => entry.action === 'integration.revoked')?.source).toBeNull();
  });

  it('writes nothing for a change that is refused, and nothing for reads', async () => {
    const core = testCore();
    await core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' });
    const before = (await trail(core)).length;
    await expect(core.portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all' })).rejects.toMatchObject({ code: 'INTEGRATION.NAME_TAKEN' });
    await core.portcullis.integrations.list();
    await core.portcullis.roles.list();
    expect(await trail(core)).toHaveLength(before);
  });

  it('lists newest first, filtered by integration, actor, action and time, and pages', async () => {
    const core = testCore();
    const jane = await anAdmin(core, 'jane', 'all');
    const first = await core.portcullis.integrations.create({ name: 'A', email: 'a@example.com', resourceAccess: 'all', actor: jane.actor });
    core.clock.advance(60);
    const later = core.clock.now();
    await core.portcullis.integrations.create({ name: 'B', email: 'b@example.com', resourceAccess: 'all', ...HANDSHAKE_URLS });
    const { audit } = core.portcullis;

    const history = await audit.history({ id: first.integration.id });
    expect(history.items.map((entry) => entry.action)).toEqual(['integration.grant_changed', 'integration.created']);
    expect((await audit.list({ actor: 'jane' })).items.every((entry) => entry.actor.name === 'jane')).toBe(true);
    expect((await audit.list({ actor: 'system' })).items.map((entry) => entry.target.name)).toEqual(['B', 'B', 'jane', 'jane role', 'jane role']);
    expect((await audit.list({ action: 'integration.created', from: later })).items.map((entry) => entry.target.name)).toEqual(['B']);
    expect((await audit.list({ action: 'integration.created', to: later })).items.map((entry) => entry.target.name)).toEqual(['A']);
    const page = await audit.list({ page: 2, pageSize: 2 });
    expect(page).toMatchObject({ total: 7, page: 2, pageSize: 2 });
    expect(page.items.map((entry) => entry.seq)).toEqual([5, 4]);
    await expect(audit.list({ action: 'integration.exploded' })).rejects.toMatchObject({ code: 'VALIDATION.VALUE_INVALID' });
    await expect(audit.history({ id: 'nope' })).rejects.toMatchObject({ code: 'INTEGRATION.NOT_FOUND' });
  });
});
