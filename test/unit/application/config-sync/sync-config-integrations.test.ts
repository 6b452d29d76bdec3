import { type IntegrationDeclarationPart, type Located } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError, NothingDeclaredError } from '../../../../src/application/config-sync/config-sync.errors';
import { TRANSACTION_LOCK, type TransactionLock } from '../../../../src/application/ports/transaction-lock.port';
import { TransactionConflictError } from '../../../../src/application/ports/unit-of-work.port';
import { PORTCULLIS_ACL_SOURCE, PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { type SyncConfigIntegrationsInput } from '../../../../src/application/config-sync/sync-config-integrations.use-case';
import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';
import { rejectionFrom } from '../../../support/errors';
import { anIntegration, storedState } from '../../../support/integration-fixtures';
import { testCore, type TestCore } from '../../../support/test-core';

const FILE = '/ext/Vendor_Erp/etc/integration.xml';
const at = (line: number, column = 5, file = FILE): { file: string; line: number; column: number } => ({ file, line, column });
const located = <T>(value: T, line: number, column = 5, file = FILE): Located<T> => ({ value, location: at(line, column, file) });

/** One integration.xml-style declaration; lines are counted from `line`. */
function declaration(
  name: string,
  fields: { email?: string; endpoint?: string; identityLinkUrl?: string; resources?: readonly string[] } = {},
  line = 3,
  file = FILE,
): IntegrationDeclarationPart {
  return {
    format: 'integration.xml',
    name: located(name, line, 5, file),
    ...(fields.email !== undefined ? { email: located(fields.email, line + 1, 9, file) } : {}),
    ...(fields.endpoint !== undefined ? { endpoint: located(fields.endpoint, line + 2, 9, file) } : {}),
    ...(fields.identityLinkUrl !== undefined ? { identityLinkUrl: located(fields.identityLinkUrl, line + 3, 9, file) } : {}),
    ...(fields.resources !== undefined ? { resources: fields.resources.map((id, index) => located(id, line + 5 + index, 13, file)) } : {}),
  };
}

const ERP = (fields: Parameters<typeof declaration>[1] = {}): IntegrationDeclarationPart =>
  declaration('Vendor ERP', { email: 'erp@vendor.example', resources: [R.manageCustomers, R.capture], ...fields });
/** Another declaration, still there when Vendor ERP's is removed. */
const KEEPER = declaration('Keeper', { email: 'keeper@vendor.example' }, 90, '/ext/Vendor_Keeper/etc/integration.xml');

/** `part` as a JSON declaration with these credential policy fields (each located on its own line after the part's). */
function withPolicy(
  part: IntegrationDeclarationPart,
  policy: { readOnly?: boolean; expiresAt?: string; allowedIps?: readonly string[]; rateLimit?: { limit: number; windowSeconds: number } },
): IntegrationDeclarationPart {
  const line = part.name.location.line + 20;
  const file = part.name.location.file;
  return {
    ...part,
    format: 'json',
    ...(policy.readOnly !== undefined ? { readOnly: located(policy.readOnly, line, 9, file) } : {}),
    ...(policy.expiresAt !== undefined ? { expiresAt: located(new Date(policy.expiresAt), line + 1, 9, file) } : {}),
    ...(policy.allowedIps !== undefined ? { allowedIps: located(policy.allowedIps, line + 2, 9, file) } : {}),
    ...(policy.rateLimit !== undefined ? { rateLimit: located(policy.rateLimit, line + 3, 9, file) } : {}),
  };
}

type PolicyFields = Parameters<typeof withPolicy>[1];
const RESTRICTED: PolicyFields = { readOnly: true, expiresAt: '2027-01-31T00:00:00Z', allowedIps: ['203.0.113.0/24'], rateLimit: { limit: 600, windowSeconds: 60 } };

async function sync(core: TestCore, declarations: readonly IntegrationDeclarationPart[], options: Omit<SyncConfigIntegrationsInput, 'declarations'> = {}) {
  return core.portcullis.config.sync({ declarations, ...options });
}

async function erpOf(core: TestCore) {
  const integration = await core.integrations.findByName('Vendor ERP');
  if (integration === null) throw new Error('Vendor ERP was not created');
  const role = await core.roles.findByIntegrationId(integration.id);
  const tree = AclResourceTree.build([SHOP_ACL]);
  const allowed = [...(role?.grant.allowedResources(tree) ?? [])].sort();
  return { integration, role, allowed };
}

/** Activates the declared integration locally and returns its access token. */
async function activated(core: TestCore): Promise<string> {
  const { integration } = await erpOf(core);
  const result = await core.portcullis.integrations.activate({ id: integration.id });
  if (result.activation.mode !== 'local') throw new Error('expected a local activation');
  return result.activation.credentials.accessToken;
}

describe('SyncConfigIntegrations', () => {
  describe('a new declaration', () => {
    it('creates an inactive config integration with exactly the listed resources and their ancestors (Magento example)', async () => {
      const core = testCore();
      const summary = await sync(core, [ERP()]);
      expect(summary).toEqual({ dryRun: false, created: ['Vendor ERP'], updated: [], reset: [], unchanged: [], orphaned: [], deleted: [] });

      const { integration, allowed } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ status: 'inactive', setupType: 'config', email: 'erp@vendor.example', orphaned: false, statusReason: null });
      // Magento's integration-tests result for Magento_Customer::manage + Magento_Sales::capture.
      expect(allowed).toEqual(
        [R.customers, R.manageCustomers, R.sales, R.operations, R.orders, R.actions, R.capture].sort(),
      );
    });

    it('never grants a listed parent its whole subtree: unlisted children stay denied', async () => {
      const core = testCore();
      await sync(core, [ERP({ resources: [R.orders, R.create] })]);
      const { allowed } = await erpOf(core);
      expect(allowed).toEqual([R.sales, R.operations, R.orders, R.actions, R.create].sort());
      expect(allowed).not.toContain(R.cancel);
    });

    it('treats Magento_Backend::all as All and ignores Magento_Backend::admin (the root)', async () => {
      const core = testCore();
      await sync(core, [ERP({ resources: ['Magento_Backend::all'] }), declaration('Rooted', { email: 'r@vendor.example', resources: ['Magento_Backend::admin', R.invoices] }, 30)]);
      expect((await erpOf(core)).role?.grant.isAll).toBe(true);
      const rooted = await core.integrations.findByName('Rooted');
      const role = await core.roles.findByIntegrationId(rooted?.id ?? '');
      expect([...(role?.grant.allowedResources(AclResourceTree.build([SHOP_ACL])) ?? [])].sort()).toEqual([R.sales, R.operations, R.invoices].sort());
    });

    it('with no resources listed, allows nothing', async () => {
      const core = testCore();
      await sync(core, [ERP({ resources: [] })]);
      expect((await erpOf(core)).allowed).toEqual([]);
    });
  });

  describe('merging files', () => {
    it('merges parts of one integration by name: details from one file, resources from another (legacy config.xml + api.xml)', async () => {
      const core = testCore();
      const details: IntegrationDeclarationPart = { ...declaration('Vendor ERP', { email: 'erp@vendor.example', endpoint: 'https://erp.example/cb' }, 3, '/ext/etc/integration/config.xml'), format: 'config.xml' };
      const api: IntegrationDeclarationPart = { ...declaration('Vendor ERP', { resources: [R.capture] }, 3, '/ext/etc/integration/api.xml'), format: 'api.xml' };
      await sync(core, [details, api]);
      const { integration, allowed } = await erpOf(core);
      expect(integration.endpoint).toBe('https://erp.example/cb');
      expect(allowed).toEqual([R.sales, R.operations, R.orders, R.actions, R.capture].sort());
    });

    it('unites the resource lists of several files', async () => {
      const core = testCore();
      await sync(core, [ERP({ resources: [R.capture] }), declaration('Vendor ERP', { resources: [R.manageCustomers] }, 40, '/ext/Other/etc/integration.xml')]);
      expect((await erpOf(core)).allowed).toContain(R.manageCustomers);
    });

    it('refuses conflicting fields, a name spelled two ways, a missing email, bad values and unknown resources, naming each place, and changes nothing', async () => {
      const core = testCore();
      const other = '/ext/Other/etc/integration.xml';
      const error = await rejectionFrom(
        sync(core, [
          ERP(),
          declaration('Vendor ERP', { email: 'other@vendor.example' }, 10, other),
          declaration('vendor erp', {}, 20, other),
          declaration('No Email', { resources: [R.capture] }, 30, other),
          declaration('Bad Values', { email: 'not-an-email', endpoint: 'ftp://x.example' }, 40, other),
          declaration('Unknown', { email: 'u@vendor.example', resources: ['Vendor_Missing::thing', R.capture] }, 50, other),
        ]),
      );
      expect(error).toBeInstanceOf(ConfigFilesError);
      expect((error as ConfigFilesError).problems.map((p) => `${'line' in p.location ? p.location.line : 0}: ${p.message}`)).toEqual([
        `11: integration "Vendor ERP" is declared with email "other@vendor.example" here but "erp@vendor.example" at ${FILE}:4:9.`,
        `20: integration "vendor erp" is spelled "Vendor ERP" at ${FILE}:3:5; names are matched ignoring case, so use one spelling.`,
        '30: integration "No Email" has no email: give one (<email> in integration.xml or config.xml, "email" in JSON).',
        expect.stringMatching(/^41: integration "Bad Values": "email" must be a valid email address/),
        expect.stringMatching(/^42: integration "Bad Values": "endpoint_url" must be/),
        '55: integration "Unknown" lists the resource "Vendor_Missing::thing", which no ACL file defines.',
      ]);
      expect(error.message).toContain(`${other}:55:13: integration "Unknown" lists the resource "Vendor_Missing::thing"`);
      expect((await core.portcullis.integrations.list({})).total).toBe(0);
    });

    it('refuses a declaration whose name an admin already uses, and changes nothing', async () => {
      const core = testCore();
      await anIntegration(core, { name: 'vendor erp' });
      const before = await core.portcullis.integrations.list({});
      const error = await rejectionFrom(sync(core, [declaration('Fresh', { email: 'f@vendor.example' }, 40), ERP()]));
      expect(error).toBeInstanceOf(ConfigFilesError);
      expect(error.message).toContain(`${FILE}:3:5: integration "Vendor ERP" is declared here, but an admin created an integration named "vendor erp"`);
      expect(await core.portcullis.integrations.list({})).toEqual(before);
    });
  });

  describe('an existing config integration', () => {
    it('is left alone when its declaration is unchanged: same id, status, credentials (no spurious reset, Magento #11374)', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      await activated(core);
      const { integration } = await erpOf(core);
      const before = await storedState(core, integration.id);
      core.clock.advance(60_000);
      const summary = await sync(core, [ERP()]);
      expect(summary.unchanged).toEqual(['Vendor ERP']);
      expect(summary.created).toEqual([]);
      expect(await storedState(core, integration.id)).toEqual(before);
    });

    it('applies changed contact details in place and keeps the status and tokens', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const token = await activated(core);
      const summary = await sync(core, [ERP({ email: 'new@vendor.example' })]);
      expect(summary.updated).toEqual([{ name: 'Vendor ERP', changes: ['email erp@vendor.example -> new@vendor.example'] }]);
      const { integration } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ email: 'new@vendor.example', status: 'active' });
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(false);
    });

    it('narrows access in place at once, status kept, naming what went', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      await activated(core);
      const summary = await sync(core, [ERP({ resources: [R.capture] })]);
      expect(summary.updated).toEqual([{ name: 'Vendor ERP', changes: [`resources narrowed: no longer ${R.manageCustomers}`] }]);
      const { integration, allowed } = await erpOf(core);
      expect(integration.status).toBe('active');
      expect(allowed).toEqual([R.sales, R.operations, R.orders, R.actions, R.capture].sort());
    });

    it('resets on wider access: status reset, tokens revoked, the reason kept; an admin activates it again', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const token = await activated(core);
      const summary = await sync(core, [ERP({ resources: [R.manageCustomers, R.capture, R.cancel] })]);
      expect(summary.reset).toEqual([{ name: 'Vendor ERP', reason: `Its configuration now asks for more resources: ${R.cancel}.` }]);
      const { integration, allowed } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ status: 'reset', statusReason: `Its configuration now asks for more resources: ${R.cancel}.` });
      expect(allowed).toContain(R.cancel);
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(true);
      const view = await core.portcullis.integrations.get({ id: integration.id });
      expect(view.statusReason).toMatch(/more resources/);

      const reactivated = await core.portcullis.integrations.activate({ id: integration.id });
      expect(reactivated.integration).toMatchObject({ status: 'active', statusReason: null });
    });

    it('resets when the callback URL or identity link changes, naming both values', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const summary = await sync(core, [ERP({ endpoint: 'https://erp.example/cb', identityLinkUrl: 'https://erp.example/login' })]);
      expect(summary.reset).toEqual([
        {
          name: 'Vendor ERP',
          reason: 'Its callback URL changed from (none) to https://erp.example/cb; its identity link URL changed from (none) to https://erp.example/login.',
        },
      ]);
    });

    it('resets when the declaration asks for All', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const summary = await sync(core, [ERP({ resources: ['Magento_Backend::all'] })]);
      expect(summary.reset).toEqual([{ name: 'Vendor ERP', reason: 'Its configuration now asks for all resources.' }]);
    });

    it('is read-only to admins: no edit of details or grant, no delete; activation allowed', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const { integration } = await erpOf(core);
      expect((await rejectionFrom(core.portcullis.integrations.update({ id: integration.id, name: 'X', email: 'x@y.example' }))).code).toBe('INTEGRATION.CONFIG_MANAGED');
      expect((await rejectionFrom(core.portcullis.integrations.delete({ id: integration.id }))).code).toBe('INTEGRATION.CONFIG_MANAGED');
      expect((await core.portcullis.integrations.activate({ id: integration.id })).integration.status).toBe('active');
    });
  });

  describe('the credential policy of a JSON declaration', () => {
    it('is given to a new integration: its policy, and a read-only role', async () => {
      const core = testCore();
      await sync(core, [withPolicy(ERP(), RESTRICTED)]);
      const { integration, role } = await erpOf(core);
      expect(integration.toSnapshot().policy).toEqual({ expiresAt: new Date('2027-01-31T00:00:00Z'), allowedIps: ['203.0.113.0/24'], rateLimit: { limit: 600, windowSeconds: 60 } });
      expect(role?.readOnly).toBe(true);
      expect((await core.portcullis.integrations.get({ id: integration.id })).policy).toMatchObject({ readOnly: true, allowedIps: ['203.0.113.0/24'] });
    });

    it('is left alone when unchanged (no spurious reset)', async () => {
      const core = testCore();
      await sync(core, [withPolicy(ERP(), RESTRICTED)]);
      await activated(core);
      const { integration } = await erpOf(core);
      const before = await storedState(core, integration.id);
      core.clock.advance(60);
      expect((await sync(core, [withPolicy(ERP(), RESTRICTED)])).unchanged).toEqual(['Vendor ERP']);
      expect(await storedState(core, integration.id)).toEqual(before);
    });

    it('applies a stricter policy in place: status and tokens kept, each change named', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const token = await activated(core);
      const summary = await sync(core, [withPolicy(ERP(), RESTRICTED)]);
      expect(summary.reset).toEqual([]);
      expect(summary.updated).toEqual([
        {
          name: 'Vendor ERP',
          changes: ['made read-only', 'expires at never -> 2027-01-31T00:00:00.000Z', 'allowed IPs any -> 203.0.113.0/24', 'rate limit none -> 600 per 60 s'],
        },
      ]);
      const { integration, role } = await erpOf(core);
      expect(integration.status).toBe('active');
      expect(integration.toSnapshot().policy).toEqual({ expiresAt: new Date('2027-01-31T00:00:00Z'), allowedIps: ['203.0.113.0/24'], rateLimit: { limit: 600, windowSeconds: 60 } });
      expect(role?.readOnly).toBe(true);
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(false);

      const tighter = await sync(core, [withPolicy(ERP(), { ...RESTRICTED, expiresAt: '2026-06-30T00:00:00Z', allowedIps: ['203.0.113.0/25'], rateLimit: { limit: 10, windowSeconds: 60 } })]);
      expect(tighter.updated[0]?.changes).toEqual([
        'expires at 2027-01-31T00:00:00.000Z -> 2026-06-30T00:00:00.000Z',
        'allowed IPs 203.0.113.0/24 -> 203.0.113.0/25',
        'rate limit 600 per 60 s -> 10 per 60 s',
      ]);
      expect((await erpOf(core)).integration.status).toBe('active');
    });

    it('resets on a looser policy: fields left out are open (the expiry stays), and the reason names each widening', async () => {
      const core = testCore();
      await sync(core, [withPolicy(ERP(), RESTRICTED)]);
      const token = await activated(core);
      const summary = await sync(core, [ERP()]);
      const reason = 'Its configuration no longer makes it read-only; its credential policy is looser: more client addresses are allowed, the rate limit is removed.';
      expect(summary).toMatchObject({ updated: [], reset: [{ name: 'Vendor ERP', reason }] });
      const { integration, role } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ status: 'reset', statusReason: reason, policy: { expiresAt: new Date('2027-01-31T00:00:00Z'), allowedIps: [], rateLimit: null } });
      expect(role?.readOnly).toBe(false);
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(true);
      expect((await core.portcullis.integrations.activate({ id: integration.id })).integration.status).toBe('active');
    });

    it('keeps the expiry that activation gave under credentialsMaxAgeDays: the next sync of a declaration without one changes nothing', async () => {
      const core = testCore({ credentialsMaxAgeDays: 90 });
      await sync(core, [ERP()]);
      await activated(core);
      const { integration } = await erpOf(core);
      expect(integration.policy.expiresAt).toEqual(new Date(core.clock.now().getTime() + 90 * 86_400_000));
      const summary = await sync(core, [ERP()]);
      expect(summary).toMatchObject({ unchanged: ['Vendor ERP'], updated: [], reset: [] });
      expect((await erpOf(core)).integration.status).toBe('active');
    });

    it('resets on a single loosening: a later expiry, a wider range, a higher rate', async () => {
      const core = testCore();
      const cases: ReadonlyArray<readonly [PolicyFields, string]> = [
        [{ expiresAt: '2028-01-31T00:00:00Z' }, 'Its credential policy is looser: the credentials expire later.'],
        [{ allowedIps: ['203.0.112.0/23'] }, 'Its credential policy is looser: more client addresses are allowed.'],
        [{ rateLimit: { limit: 20, windowSeconds: 1 } }, 'Its credential policy is looser: the rate limit is higher.'],
      ];
      for (const [change, reason] of cases) {
        await sync(core, [withPolicy(ERP(), RESTRICTED)]);
        const summary = await sync(core, [withPolicy(ERP(), { ...RESTRICTED, ...change })]);
        expect(summary.reset).toEqual([{ name: 'Vendor ERP', reason }]);
      }
    });

    it('reports a dry run of a loosening as a reset and writes nothing', async () => {
      const core = testCore();
      await sync(core, [withPolicy(ERP(), RESTRICTED)]);
      const { integration } = await erpOf(core);
      const before = await storedState(core, integration.id);
      expect((await sync(core, [ERP()], { dryRun: true })).reset).toHaveLength(1);
      expect(await storedState(core, integration.id)).toEqual(before);
    });

    it('refuses two files giving one policy part differently, naming both places', async () => {
      const core = testCore();
      const other = '/ext/Other/etc/integrations.json';
      const error = await rejectionFrom(
        sync(core, [withPolicy(ERP(), { rateLimit: { limit: 600, windowSeconds: 60 } }), withPolicy(declaration('Vendor ERP', {}, 10, other), { rateLimit: { limit: 10, windowSeconds: 1 }, readOnly: true })]),
      );
      expect(error).toBeInstanceOf(ConfigFilesError);
      expect((error as ConfigFilesError).problems).toEqual([
        {
          location: at(33, 9, other),
          message: `integration "Vendor ERP" is declared with rateLimit {"limit":10,"windowSeconds":1} here but {"limit":600,"windowSeconds":60} at ${FILE}:26:9.`,
        },
      ]);
    });

    it('leaves XML declarations as they were: open policy, not read-only, unchanged on the next sync', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      await activated(core);
      const { integration, role } = await erpOf(core);
      expect(integration.policy.isOpen).toBe(true);
      expect(role?.readOnly).toBe(false);
      const before = await storedState(core, integration.id);
      expect((await sync(core, [ERP()])).unchanged).toEqual(['Vendor ERP']);
      expect(await storedState(core, integration.id)).toEqual(before);
    });
  });

  describe('a removed declaration', () => {
    it('deactivates the integration, revokes its tokens and reports it as orphaned each time; it cannot be activated', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const token = await activated(core);
      const summary = await sync(core, [KEEPER]);
      expect(summary).toMatchObject({ orphaned: ['Vendor ERP'], deleted: [] });
      const { integration } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ status: 'inactive', orphaned: true, statusReason: 'No configuration file declares it any more.' });
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(true);
      expect((await rejectionFrom(core.portcullis.integrations.activate({ id: integration.id }))).code).toBe('INTEGRATION.ORPHANED');

      const before = await storedState(core, integration.id);
      expect((await sync(core, [KEEPER])).orphaned).toEqual(['Vendor ERP']);
      expect(await storedState(core, integration.id)).toEqual(before);
    });

    it('may then be deleted by an admin', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      await sync(core, [KEEPER]);
      const { integration } = await erpOf(core);
      await core.portcullis.integrations.delete({ id: integration.id });
      expect(await core.integrations.findByName('Vendor ERP')).toBeNull();
    });

    it('is declared again when its declaration comes back: inactive until an admin activates it', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      await sync(core, [KEEPER]);
      const summary = await sync(core, [ERP()]);
      expect(summary.updated).toEqual([{ name: 'Vendor ERP', changes: ['declared again (stays inactive until an admin activates it)'] }]);
      const { integration } = await erpOf(core);
      expect(integration.toSnapshot()).toMatchObject({ status: 'inactive', orphaned: false, statusReason: null });
    });

    it('is deleted with prune, with its role and tokens; manual integrations are never touched', async () => {
      const core = testCore();
      const manual = await anIntegration(core);
      await sync(core, [ERP()]);
      await activated(core);
      const { integration, role } = await erpOf(core);
      const summary = await sync(core, [KEEPER], { prune: true });
      expect(summary).toMatchObject({ orphaned: [], deleted: ['Vendor ERP'] });
      expect(await core.integrations.findById(integration.id)).toBeNull();
      expect(await core.roles.findById(role?.id ?? '')).toBeNull();
      expect(await core.tokens.listByIntegrationId(integration.id)).toEqual([]);
      expect(await core.integrations.findById(manual)).not.toBeNull();
    });
  });

  describe('declarations that name no integration at all (a file missing, or caught while it is rewritten)', () => {
    it('refuse to deactivate the config integrations, naming them, and change nothing', async () => {
      const core = testCore();
      await sync(core, [ERP(), KEEPER]);
      const token = await activated(core);
      const { integration } = await erpOf(core);
      const before = await storedState(core, integration.id);

      const error = await rejectionFrom(sync(core, []));
      expect(error).toBeInstanceOf(NothingDeclaredError);
      expect(error.code).toBe('CONFIG.NOTHING_DECLARED');
      expect(error.message).toContain('would deactivate all 2 config integration(s) ("Keeper", "Vendor ERP"); nothing was changed');
      expect(error.message).toContain('--allow-no-declarations');
      expect(await storedState(core, integration.id)).toEqual(before);
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(false);
      expect((await rejectionFrom(sync(core, [], { dryRun: true }))).code).toBe('CONFIG.NOTHING_DECLARED');
    });

    it('refuse to delete them with prune', async () => {
      const core = testCore();
      await sync(core, [ERP()]);
      const error = await rejectionFrom(sync(core, [], { prune: true }));
      expect(error.message).toContain('would delete all 1 config integration(s) ("Vendor ERP")');
      expect(await core.integrations.findByName('Vendor ERP')).not.toBeNull();
    });

    it('retire every config integration when the caller allows it explicitly', async () => {
      const core = testCore();
      await sync(core, [ERP(), KEEPER]);
      const token = await activated(core);
      expect(await sync(core, [], { allowNoDeclarations: true })).toMatchObject({ orphaned: ['Keeper', 'Vendor ERP'], deleted: [] });
      expect((await core.tokens.findByToken(token))?.isRevoked).toBe(true);
      // Already orphaned: an empty set retires nothing more, so it needs no permission.
      expect(await sync(core, [])).toMatchObject({ orphaned: ['Keeper', 'Vendor ERP'] });
      expect(await sync(core, [], { prune: true, allowNoDeclarations: true })).toMatchObject({ deleted: ['Keeper', 'Vendor ERP'] });
      expect((await core.portcullis.integrations.list({})).total).toBe(0);
    });

    it('are no problem when there is nothing to retire', async () => {
      const core = testCore();
      await anIntegration(core);
      expect(await sync(core, [])).toEqual({ dryRun: false, created: [], updated: [], reset: [], unchanged: [], orphaned: [], deleted: [] });
    });
  });

  describe("Portcullis's own resources", () => {
    it('may be listed: an integration that manages integrations can be declared', async () => {
      const core = testCore();
      await sync(core, [ERP({ resources: [PortcullisResource.integrations, R.capture] })]);
      const { role } = await erpOf(core);
      const tree = AclResourceTree.build([SHOP_ACL, PORTCULLIS_ACL_SOURCE]);
      expect(role?.grant.isAllowed(PortcullisResource.integrations, tree)).toBe(true);
      expect(role?.grant.isAllowed(PortcullisResource.roles, tree)).toBe(false);
    });

    it('are checked like any other: one the tree lacks is refused', async () => {
      const core = testCore();
      const error = await rejectionFrom(sync(core, [ERP({ resources: ['Portcullis::no_such_thing'] })]));
      expect(error.message).toContain('lists the resource "Portcullis::no_such_thing", which no ACL file defines.');
    });
  });

  describe('the API cap on resource lists', () => {
    it('refuses more than 5000 resources for one integration, counted over all its files, at its name', async () => {
      const core = testCore();
      const ids = (from: number): string[] => Array.from({ length: 2600 }, (_, i) => `Vendor_Big::r${from + i}`);
      const error = await rejectionFrom(
        sync(core, [ERP({ resources: ids(0) }), declaration('Vendor ERP', { resources: ids(2600) }, 10, '/ext/Other/etc/integration.xml')]),
      );
      expect(error).toBeInstanceOf(ConfigFilesError);
      expect((error as ConfigFilesError).problems).toEqual([
        {
          location: at(3),
          message: 'integration "Vendor ERP" lists 5200 resources in all; at most 5000 may be listed (as in the API). List a parent instead of its children where it grants what you mean.',
        },
      ]);
    });
  });

  describe('beside other processes', () => {
    /** A lock that ends the first transaction that takes it, as a deadlock would; holds the names taken since. */
    class ConflictingOnceLock implements TransactionLock {
      readonly held: string[] = [];
      private conflicted = false;
      acquire(name: string): Promise<void> {
        if (!this.conflicted) {
          this.conflicted = true;
          return Promise.reject(new TransactionConflictError({ cause: new Error('Deadlock found when trying to get lock') }));
        }
        this.held.push(name);
        return Promise.resolve();
      }
    }

    it('takes the sync lock before planning a sync, and plans again when the database ends the transaction for a concurrent one', async () => {
      const lock = new ConflictingOnceLock();
      const core = testCore({ override: (c) => c.rebindSync(TRANSACTION_LOCK).toConstantValue(lock) });
      expect((await sync(core, [ERP()])).created).toEqual(['Vendor ERP']);
      // Then the audit trail's, to record what it did before its commit.
      expect(lock.held).toEqual(['config-sync', 'audit-chain']);
    });

    it('takes no lock for a dry run, which writes nothing', async () => {
      const lock = new ConflictingOnceLock();
      const core = testCore({ override: (c) => c.rebindSync(TRANSACTION_LOCK).toConstantValue(lock) });
      expect((await sync(core, [ERP()], { dryRun: true })).created).toEqual(['Vendor ERP']);
      expect(lock.held).toEqual([]);
    });
  });

  describe('dry run', () => {
    it('reports every kind of change and writes nothing', async () => {
      const core = testCore();
      await sync(core, [ERP(), declaration('Gone', { email: 'g@vendor.example' }, 60), declaration('Narrow', { email: 'n@vendor.example', resources: [R.orders, R.create, R.cancel] }, 70)]);
      const snapshot = JSON.stringify([...core.database.tables.integrations.values()]);
      const summary = await sync(
        core,
        [ERP({ resources: [R.sales] }), declaration('Narrow', { email: 'n@vendor.example', resources: [R.orders] }, 70), declaration('New', { email: 'new@vendor.example' }, 80)],
        { dryRun: true, prune: true },
      );
      expect(summary).toEqual({
        dryRun: true,
        created: ['New'],
        updated: [{ name: 'Narrow', changes: [`resources narrowed: no longer ${R.create}, ${R.cancel}`] }],
        reset: [{ name: 'Vendor ERP', reason: expect.stringContaining('more resources') as string }],
        unchanged: [],
        orphaned: [],
        deleted: ['Gone'],
      });
      expect(JSON.stringify([...core.database.tables.integrations.values()])).toBe(snapshot);
    });
  });

  it('changes nothing when a write fails half-way (all or nothing)', async () => {
    let saves = 0;
    const core = testCore();
    const original = core.integrations.save.bind(core.integrations);
    core.integrations.save = async (integration) => {
      saves += 1;
      if (saves === 3) throw new Error('disk full');
      return original(integration);
    };
    const error = await rejectionFrom(
      sync(core, [declaration('A One', { email: 'a@vendor.example' }, 3), declaration('B Two', { email: 'b@vendor.example' }, 13), declaration('C Three', { email: 'c@vendor.example' }, 23)]),
    );
    expect(error.message).toBe('disk full');
    expect((await core.portcullis.integrations.list({})).total).toBe(0);
  });
});
