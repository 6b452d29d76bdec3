import { adminActor } from '../../../src/application/access/actor';
import { type AuditEntryView } from '../../../src/application/use-cases/audit/audit.views';
import { createPortcullis, type Portcullis, type PortcullisOptions } from '../../../src/infrastructure/create-portcullis';
import { R, SHOP_ACL } from '../../support/acl-fixtures';
import { fastPasswordHasher, FixedClock } from '../../support/deterministic-ports';
import { type AuditDatabase } from './audit-databases';

const PASSWORD = 'Jane-pass-2026-unique';

/** Every entry, oldest first, as the library exports them. */
async function trail(portcullis: Portcullis): Promise<AuditEntryView[]> {
  const entries: AuditEntryView[] = [];
  for await (const entry of portcullis.audit.export()) entries.push(entry);
  return entries;
}

/**
 * The audit trail on a real database, through the library as a host embeds it: what is stored,
 * that it goes with the change or not at all, that no secret is in it, that an entry changed by
 * hand is found, and that retention keeps the rest verifiable.
 */
export function auditTrailScenarios(open: () => Promise<AuditDatabase>): void {
  let database: AuditDatabase;
  let portcullis: Portcullis;
  let clock: FixedClock;

  const start = async (options: Partial<PortcullisOptions> = {}): Promise<Portcullis> =>
    createPortcullis({
      database: { url: database.url },
      dataDir: database.dataDir,
      secretKey: database.secretKey,
      aclResources: [SHOP_ACL],
      clock,
      passwordHasher: fastPasswordHasher(),
      ...options,
    });

  beforeEach(async () => {
    database = await open();
    clock = new FixedClock(new Date('2026-12-04T10:00:00.000Z'));
    portcullis = await start();
  });
  afterEach(async () => {
    await portcullis.close();
    await database.close();
  });

  /** Signs up `jane` (all access) as the system; returns her admin actor. */
  const jane = async (): Promise<{ id: string; actor: ReturnType<typeof adminActor> }> => {
    const role = await portcullis.roles.create({ name: 'Administrators', resourceAccess: 'all' });
    const user = await portcullis.adminUsers.create({ username: 'jane', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', password: PASSWORD, roleId: role.id });
    return { id: user.id, actor: adminActor(user.id) };
  };

  it('stores each change an embedding host makes with adminActor as that admin (id and username), with no source; the chain verifies', async () => {
    const admin = await jane();
    const { integration } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'custom', resources: [R.orders], activate: true, actor: admin.actor });
    await portcullis.integrations.update({ id: integration.id, resourceAccess: 'custom', resources: [R.customers], actor: admin.actor });

    const rows = await database.query<Record<string, unknown>>(
      "SELECT seq, action, actor_kind, actor_id, actor_name, target_kind, target_id, target_name, source_ip, source_user_agent, source_request_id FROM audit_entry WHERE actor_kind = 'admin' ORDER BY seq",
    );
    expect(rows.map((row) => ({ ...row, seq: Number(row.seq) }))).toEqual(
      ['integration.created', 'integration.grant_changed', 'integration.activated', 'integration.grant_changed'].map((action, index) => ({
        // After jane's role (created, given All) and jane herself.
        seq: index + 4,
        action,
        actor_kind: 'admin',
        actor_id: admin.id,
        actor_name: 'jane',
        target_kind: 'integration',
        target_id: integration.id,
        target_name: 'ERP',
        source_ip: null,
        source_user_agent: null,
        source_request_id: null,
      })),
    );
    const history = await portcullis.audit.history({ id: integration.id });
    expect(history.items[0]).toMatchObject({
      action: 'integration.grant_changed',
      occurredAt: clock.now(),
      details: { added: [R.customers, R.manageCustomers], removed: [R.sales, R.operations, R.orders, R.actions, R.create, R.cancel, R.capture], allResources: { before: false, after: false } },
    });
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: 7, firstSeq: 1, lastSeq: 7 });
  });

  it('keeps no secret, password or token in any stored entry', async () => {
    const admin = await jane();
    const secrets: string[] = [PASSWORD];
    const { activation } = await portcullis.integrations.create({ name: 'ERP', email: 'erp@example.com', resourceAccess: 'all', activate: true, actor: admin.actor });
    if (activation?.mode !== 'local') throw new Error('expected a local activation');
    secrets.push(activation.credentials.consumerSecret, activation.credentials.accessToken, activation.credentials.accessTokenSecret);
    const id = (await portcullis.integrations.list()).items[0]?.id ?? '';
    const shown = await portcullis.integrations.credentials({ id, actor: admin.actor });
    const again = await portcullis.integrations.reauthorize({ id, actor: admin.actor });
    if (again.activation.mode !== 'local') throw new Error('expected a local reauthorization');
    secrets.push(shown.consumerSecret, again.activation.credentials.accessToken, again.activation.credentials.accessTokenSecret);
    const { token } = await portcullis.adminAuth.signIn({ username: 'jane', password: PASSWORD });
    secrets.push(token);
    await expect(portcullis.adminAuth.signIn({ username: 'jane', password: 'Wrong-pass-2026-unique' })).rejects.toThrow();
    secrets.push('Wrong-pass-2026-unique');
    await portcullis.adminUsers.update({ id: admin.id, password: 'Next-pass-2026-unique', actor: admin.actor });
    secrets.push('Next-pass-2026-unique');
    await portcullis.adminAuth.signOut({ token });

    const stored = JSON.stringify([...(await database.query('SELECT * FROM audit_entry')), ...(await database.query('SELECT * FROM audit_anchor'))]);
    expect(stored).toContain('integration.credentials_viewed');
    expect(stored).toContain('admin_user.password_changed');
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it('writes nothing and changes nothing when the trail cannot be written: the change and its entry go together', async () => {
    await portcullis.integrations.create({ name: 'Before', email: 'b@example.com', resourceAccess: 'all' });
    await database.query('ALTER TABLE audit_entry RENAME TO audit_entry_away');
    try {
      await expect(portcullis.integrations.create({ name: 'Lost', email: 'l@example.com', resourceAccess: 'all' })).rejects.toThrow();
      await expect(portcullis.roles.create({ name: 'Lost role', resourceAccess: 'all' })).rejects.toThrow();
    } finally {
      await database.query('ALTER TABLE audit_entry_away RENAME TO audit_entry');
    }
    expect((await portcullis.integrations.list()).items.map((item) => item.name)).toEqual(['Before']);
    expect(await database.query("SELECT id FROM authorization_role WHERE name = 'Lost role'")).toEqual([]);
    await portcullis.integrations.create({ name: 'After', email: 'a@example.com', resourceAccess: 'all' });
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: 4 });
  });

  it('names the first entry changed by hand in the database, and the one after a removed entry', async () => {
    for (const name of ['A', 'B', 'C']) await portcullis.integrations.create({ name, email: 'x@example.com', resourceAccess: 'all' });
    await database.query("UPDATE audit_entry SET target_name = 'Z' WHERE seq = 3");
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: false, entries: 3, problem: { seq: 3, kind: 'content' } });
    await database.query("UPDATE audit_entry SET details = '{\"setupType\":\"config\"}' WHERE seq = 1");
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: false, problem: { seq: 1, kind: 'content' } });
    await database.query("UPDATE audit_entry SET details = 'not json' WHERE seq = 1");
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ problem: { seq: 1, kind: 'content' } });
    await database.query('DELETE FROM audit_entry WHERE seq IN (1, 3)');
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ problem: { seq: 2, kind: 'gap', message: 'Entry #2 comes after the start: entry #1 is missing.' } });
  });

  it('keeps one chain when changes run side by side', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, n) => portcullis.integrations.create({ name: `Parallel ${n}`, email: 'p@example.com', resourceAccess: 'all' })));
    const entries = await trail(portcullis);
    expect(entries.map((entry) => entry.seq)).toEqual(Array.from({ length: 24 }, (_, n) => n + 1));
    await expect(portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: 24 });
  });

  it('prunes past the retention in the database, records the last entry pruned, and the rest still verifies', async () => {
    await portcullis.close();
    portcullis = await start({ auditRetentionDays: 30 });
    await portcullis.integrations.create({ name: 'Old', email: 'o@example.com', resourceAccess: 'all' });
    const oldLast = (await trail(portcullis)).at(-1);
    clock.advance(31 * 86_400);
    await portcullis.integrations.create({ name: 'New', email: 'n@example.com', resourceAccess: 'all' });

    await expect(portcullis.audit.prune()).resolves.toEqual({ pruned: 2 });
    const anchors = await database.query<{ id: number; seq: number | string; hash: string }>('SELECT id, seq, hash FROM audit_anchor');
    expect(anchors.map((row) => ({ id: Number(row.id), seq: Number(row.seq), hash: row.hash }))).toEqual([{ id: 1, seq: 2, hash: oldLast?.hash }]);
    expect((await trail(portcullis)).map((entry) => entry.seq)).toEqual([3, 4]);
    await expect(portcullis.audit.verify()).resolves.toEqual({ valid: true, entries: 2, firstSeq: 3, lastSeq: 4, anchor: { seq: 2, hash: oldLast?.hash }, problem: null });
    await expect(portcullis.audit.prune()).resolves.toEqual({ pruned: 0 });
  });
}
