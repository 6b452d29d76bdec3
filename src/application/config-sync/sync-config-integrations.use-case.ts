import { type AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { type CredentialPolicy, type RateLimitPolicy } from '../../domain/integration/credential-policy.value-object';
import { Integration, type IntegrationDetails } from '../../domain/integration/integration.aggregate';
import { IntegrationNameTakenError } from '../../domain/integration/integration.errors';
import { IntegrationName } from '../../domain/integration/integration-name.value-object';
import { Role } from '../../domain/role/role.aggregate';
import { TransactionConflictError } from '../ports/unit-of-work.port';
import { revokeTokensOf } from '../use-cases/integrations/token-revocation';
import { shown, type ConfigProblem, type IntegrationDeclarationPart } from './config-declarations';
import { ConfigFilesError, NothingDeclaredError } from './config-sync.errors';
import { resolveDeclarations, type DeclaredIntegration } from './declared-integrations';
import { issueCredentials } from '../credentials/issue-credentials';
import { configSyncRan } from './config-sync.events';
import { type IntegrationServices } from '../use-cases/integrations/integration.services';

export interface SyncConfigIntegrationsInput {
  /** What the configuration files declare (every file, already read). */
  readonly declarations: readonly IntegrationDeclarationPart[];
  /** Report what would change, change nothing. */
  readonly dryRun?: boolean;
  /** Delete the config integrations no file declares any more (else they are only deactivated). */
  readonly prune?: boolean;
  /**
   * Let declarations that name no integration at all deactivate (or, with `prune`, delete) every
   * config integration. Without it such a sync is refused: an empty set is more often a file that
   * is missing or being rewritten than a wish to retire them all.
   */
  readonly allowNoDeclarations?: boolean;
}

/** What a sync changed (or, dry, would change), by integration name in name order. */
export interface ConfigSyncSummary {
  readonly dryRun: boolean;
  /** New declarations: inactive config integrations. */
  readonly created: readonly string[];
  /** Contact details changed or access narrowed: applied in place, status kept. */
  readonly updated: readonly { readonly name: string; readonly changes: readonly string[] }[];
  /** Wider access, a looser credential policy, or another callback URL / identity link: tokens revoked, an admin must activate again. */
  readonly reset: readonly { readonly name: string; readonly reason: string }[];
  readonly unchanged: readonly string[];
  /** Config integrations no file declares: deactivated (tokens revoked) and kept. */
  readonly orphaned: readonly string[];
  /** Orphaned config integrations deleted (`prune`). */
  readonly deleted: readonly string[];
}

export type SyncConfigIntegrationsDeps = Pick<IntegrationServices, 'integrations' | 'roles' | 'tokens' | 'unitOfWork' | 'lock' | 'aclTree' | 'clock' | 'random' | 'ids' | 'events'>;

/**
 * A name an admin took at the same moment, or a transaction the database ended for a concurrent
 * one: plan again from what is stored then.
 */
const ATTEMPTS = 3;
/** The lock syncs take, so that two never plan from the same state (two servers starting together). */
const SYNC_LOCK = 'config-sync';
const PAGE_SIZE = 500;

interface Stored {
  readonly integration: Integration;
  readonly role: Role | null;
}

/**
 * Brings the config integrations in line with the configuration files (Magento runs this on every
 * `setup:upgrade`), all or nothing, one sync at a time across processes (the second waits for the
 * first to commit, then plans from its result):
 * - a new declaration creates an inactive integration with setup type `config`;
 * - an unchanged one changes nothing (same id, status and credentials; no spurious reset, unlike
 *   Magento #11374/#12095);
 * - changed contact details, narrower access or a stricter credential policy are applied in place,
 *   status kept (narrowing takes effect at once);
 * - wider access, a looser credential policy (read-only lifted, `CredentialPolicy.wideningsFrom`),
 *   another callback URL or identity link resets it: status `reset`, tokens revoked, the reason
 *   kept for the admin, who must activate it again (consent to the change). The declaration is
 *   the source of truth for the policy too: a part no file gives is open, so a declaration that
 *   drops a restriction it had loosens the policy and resets it — except the expiry, which the
 *   credentials' issue may set (`declaredPolicyOf`);
 * - a config integration no file declares any more is deactivated (tokens revoked) and reported as
 *   orphaned; with `prune` it is deleted;
 * - declarations that name no integration at all retire nothing unless `allowNoDeclarations` says so.
 */
export class SyncConfigIntegrations {
  constructor(private readonly deps: SyncConfigIntegrationsDeps) {}

  /**
   * @throws ConfigFilesError for declarations that cannot be applied (each problem names its file,
   *   line and column): nothing is changed
   * @throws NothingDeclaredError when the declarations name no integration and config
   *   integrations would be retired, without `allowNoDeclarations`: nothing is changed
   */
  async execute(input: SyncConfigIntegrationsInput): Promise<ConfigSyncSummary> {
    const tree = this.deps.aclTree.current();
    const declared = resolveDeclarations(input.declarations, tree);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.deps.unitOfWork.run(async () => {
          // First, before anything is read: a dry run writes nothing, so it reads a consistent snapshot unlocked.
          if (input.dryRun !== true) await this.deps.lock.acquire(SYNC_LOCK);
          return this.sync(declared, tree, input);
        });
      } catch (error) {
        const retry = error instanceof IntegrationNameTakenError || error instanceof TransactionConflictError;
        if (!retry || attempt >= ATTEMPTS) throw error;
      }
    }
  }

  private async sync(declared: readonly DeclaredIntegration[], tree: AclResourceTree, input: SyncConfigIntegrationsInput): Promise<ConfigSyncSummary> {
    const { integrations, tokens, clock } = this.deps;
    const dryRun = input.dryRun === true;
    const now = clock.now();
    const stored = await this.storedConfigIntegrations();
    const byName = new Map(stored.map((entry) => [nameKey(entry.integration.name), entry]));

    const clashes: ConfigProblem[] = [];
    const created: string[] = [];
    const updated: { name: string; changes: string[] }[] = [];
    const reset: { name: string; reason: string }[] = [];
    const unchanged: string[] = [];
    const writes: (() => Promise<void>)[] = [];

    for (const declaration of declared) {
      const current = byName.get(nameKey(declaration.name));
      byName.delete(nameKey(declaration.name));
      if (current === undefined) {
        const holder = await integrations.findByName(declaration.name);
        if (holder !== null) {
          clashes.push({
            location: declaration.location,
            message: `integration "${shown(declaration.name)}" is declared here, but an admin created an integration named "${shown(holder.name)}": rename the declaration, or delete that integration first.`,
          });
          continue;
        }
        created.push(declaration.name);
        writes.push(() => this.create(declaration, now));
        continue;
      }
      const { integration, role } = current;
      const details = detailsOf(declaration);
      const reason = resetReason(integration, role, declaration, tree);
      if (reason !== null) {
        reset.push({ name: declaration.name, reason });
        writes.push(async () => {
          const policy = declaredPolicyOf(integration, declaration);
          integration.resetByConfiguration(details, reason, now);
          integration.changePolicy(policy.toSnapshot(), now, 'configuration');
          await revokeTokensOf(tokens, integration.id, now);
          await integrations.save(integration);
          await this.saveRole(integration, role, declaration, now);
        });
        continue;
      }
      const changes = changesOf(integration, role, declaration, tree);
      if (changes.length === 0) {
        unchanged.push(declaration.name);
        continue;
      }
      updated.push({ name: declaration.name, changes });
      writes.push(async () => {
        const policy = declaredPolicyOf(integration, declaration);
        integration.applyConfiguration(details, now);
        integration.changePolicy(policy.toSnapshot(), now, 'configuration');
        await integrations.save(integration);
        if (role === null || !role.grant.equals(declaration.grant) || role.readOnly !== declaration.readOnly) await this.saveRole(integration, role, declaration, now);
      });
    }
    if (clashes.length > 0) throw new ConfigFilesError(clashes);

    // What is left was declared once and is no longer.
    if (declared.length === 0 && input.allowNoDeclarations !== true) {
      const retired = [...byName.values()].filter(({ integration }) => input.prune === true || !integration.isOrphaned);
      if (retired.length > 0) throw new NothingDeclaredError(retired.map(({ integration }) => integration.name), input.prune === true);
    }
    const orphaned: string[] = [];
    const deleted: string[] = [];
    for (const { integration } of byName.values()) {
      if (input.prune === true) {
        deleted.push(integration.name);
        writes.push(async () => {
          integration.markDeleted(now);
          // With its tokens, nonces and role (IntegrationRepository.delete).
          await integrations.delete(integration.id);
          await this.deps.events.record(integration.pullEvents());
        });
        continue;
      }
      orphaned.push(integration.name);
      if (integration.isOrphaned) continue;
      writes.push(async () => {
        integration.orphan(now);
        await revokeTokensOf(tokens, integration.id, now);
        await integrations.save(integration);
      });
    }

    if (!dryRun) {
      for (const write of writes) await write();
      const counts = { created: created.length, updated: updated.length, reset: reset.length, unchanged: unchanged.length, orphaned: orphaned.length, deleted: deleted.length };
      await this.deps.events.record([configSyncRan(counts, now)]);
    }
    const byNameOrder = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase());
    return {
      dryRun,
      created: created.sort(byNameOrder),
      updated: updated.sort((a, b) => byNameOrder(a.name, b.name)),
      reset: reset.sort((a, b) => byNameOrder(a.name, b.name)),
      unchanged: unchanged.sort(byNameOrder),
      orphaned: orphaned.sort(byNameOrder),
      deleted: deleted.sort(byNameOrder),
    };
  }

  private async storedConfigIntegrations(): Promise<Stored[]> {
    const { integrations, roles } = this.deps;
    const found: Integration[] = [];
    for (let page = 1; ; page += 1) {
      const { items, total } = await integrations.list({ page, pageSize: PAGE_SIZE, setupType: 'config' });
      found.push(...items);
      if (items.length === 0 || found.length >= total) break;
    }
    return Promise.all(found.map(async (integration) => ({ integration, role: await roles.findByIntegrationId(integration.id) })));
  }

  private async create(declaration: DeclaredIntegration, now: Date): Promise<void> {
    const { integrations, roles, random, ids } = this.deps;
    const integration = Integration.declare({
      id: ids.next(),
      ...detailsOf(declaration),
      credentials: issueCredentials(random),
      policy: declaration.policy,
      now,
    });
    await integrations.save(integration);
    await roles.save(Role.forIntegration({ id: this.deps.ids.next(), integrationId: integration.id, grant: declaration.grant, readOnly: declaration.readOnly, now }));
  }

  /** Gives its role the declared grant and read-only flag (a new role if it lost its own). */
  private async saveRole(integration: Integration, role: Role | null, declaration: DeclaredIntegration, now: Date): Promise<void> {
    const holder = role ?? Role.forIntegration({ id: this.deps.ids.next(), integrationId: integration.id, grant: declaration.grant, now });
    holder.changeGrant(declaration.grant, now);
    holder.changeReadOnly(declaration.readOnly, now);
    await this.deps.roles.save(holder);
  }
}

function nameKey(name: string): string {
  return IntegrationName.keyOf(name);
}

/**
 * The policy a declaration asks for. An expiry no file gives is left as it is: issuing credentials
 * sets one under `credentialsMaxAgeDays`, and the next sync must not read its absence from the
 * file as "no longer expires" (a reset after every activation). Every other part no file gives
 * is open.
 */
function declaredPolicyOf(integration: Integration, declaration: DeclaredIntegration): CredentialPolicy {
  return declaration.policy.expiresAt === null ? declaration.policy.with({ expiresAt: integration.policy.expiresAt }) : declaration.policy;
}

function detailsOf(declaration: DeclaredIntegration): IntegrationDetails {
  return { name: declaration.name, email: declaration.email, endpoint: declaration.endpoint, identityLinkUrl: declaration.identityLinkUrl };
}

/**
 * Why the declaration needs the admin's consent again, or null: access it did not have (now or for
 * resources added to the tree later), a looser credential policy, or another place its credentials
 * or the admin are sent to.
 */
function resetReason(integration: Integration, role: Role | null, declaration: DeclaredIntegration, tree: AclResourceTree): string | null {
  const grant = role?.grant ?? null;
  const reasons: string[] = [];
  // Equal grants give the same access: no walk over the tree for each unchanged declaration.
  if (grant !== null && !grant.equals(declaration.grant)) {
    const beyond = declaration.grant.resourcesBeyond(grant, tree);
    if (beyond === 'all') reasons.push('its configuration now asks for all resources');
    else if (beyond !== null) reasons.push(`its configuration now asks for more resources: ${beyond.join(', ')}`);
  } else if (grant === null && declaration.grant.allowedResources(tree).size > 0) {
    // No stored access at all (a role lost by hand): whatever it asks for is new.
    reasons.push('its configuration asks for resources it had no record of');
  }
  if (role?.readOnly === true && !declaration.readOnly) reasons.push('its configuration no longer makes it read-only');
  const widenings = declaredPolicyOf(integration, declaration).wideningsFrom(integration.policy);
  if (widenings.length > 0) reasons.push(`its credential policy is looser: ${widenings.join(', ')}`);
  if (integration.endpoint !== declaration.endpoint) {
    reasons.push(`its callback URL changed from ${integration.endpoint ?? '(none)'} to ${declaration.endpoint ?? '(none)'}`);
  }
  if (integration.identityLinkUrl !== declaration.identityLinkUrl) {
    reasons.push(`its identity link URL changed from ${integration.identityLinkUrl ?? '(none)'} to ${declaration.identityLinkUrl ?? '(none)'}`);
  }
  if (reasons.length === 0) return null;
  const sentence = reasons.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

/** What changes in place (contact details, narrower access, a stricter policy, a declaration that is back). */
function changesOf(integration: Integration, role: Role | null, declaration: DeclaredIntegration, tree: AclResourceTree): string[] {
  const grant = role?.grant ?? null;
  const changes: string[] = [];
  if (integration.name !== declaration.name) changes.push(`name "${integration.name}" -> "${declaration.name}"`);
  if (integration.email !== declaration.email) changes.push(`email ${integration.email} -> ${declaration.email}`);
  if (grant !== null && !grant.equals(declaration.grant)) {
    const removed = grant.resourcesBeyond(declaration.grant, tree);
    if (removed === 'all') changes.push('resources narrowed from all to a list');
    else if (removed !== null) changes.push(`resources narrowed: no longer ${removed.join(', ')}`);
    // Same access written anew, e.g. a resource it covered is gone from the tree.
    else changes.push('resource list recorded again (same access)');
  }
  if (role !== null && !role.readOnly && declaration.readOnly) changes.push('made read-only');
  changes.push(...policyChanges(integration.policy, declaredPolicyOf(integration, declaration)));
  if (integration.isOrphaned) changes.push('declared again (stays inactive until an admin activates it)');
  return changes;
}

/** Each part of the policy that differs, old -> new (here never looser: that resets instead). */
function policyChanges(current: CredentialPolicy, declared: CredentialPolicy): string[] {
  const changes: string[] = [];
  const time = (at: Date | null): string => (at === null ? 'never' : at.toISOString());
  const ranges = (policy: CredentialPolicy): string => (policy.allowedIps.isOpen ? 'any' : policy.allowedIps.ranges.join(', '));
  const rate = (limit: RateLimitPolicy | null): string => (limit === null ? 'none' : `${limit.limit} per ${limit.windowSeconds} s`);
  if (time(current.expiresAt) !== time(declared.expiresAt)) changes.push(`expires at ${time(current.expiresAt)} -> ${time(declared.expiresAt)}`);
  if (ranges(current) !== ranges(declared)) changes.push(`allowed IPs ${ranges(current)} -> ${ranges(declared)}`);
  if (rate(current.rateLimit) !== rate(declared.rateLimit)) changes.push(`rate limit ${rate(current.rateLimit)} -> ${rate(declared.rateLimit)}`);
  return changes;
}
