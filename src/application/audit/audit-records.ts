import { type AdminUserRepository } from '../../domain/admin-user/admin-user.repository';
import { type IntegrationRepository } from '../../domain/integration/integration.repository';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { type AuditScope, type ScopedActor } from '../ports/audit-scope.port';
import { type PortcullisEvent, type PortcullisEventName, type PortcullisEventNamed } from '../ports/domain-events.port';
import { AUDIT_TRAIL, type AuditFact, type AuditLookups } from './audit-actions';
import { AUDIT_FIELD_LIMITS, type AuditActor, type AuditRecord, type AuditSource } from './audit-entry';

export interface AuditRecordsDeps {
  readonly scope: AuditScope;
  readonly adminUsers: AdminUserRepository;
  readonly integrations: IntegrationRepository;
  readonly aclTree: AclTreeProvider;
}

/**
 * Turns the events of a unit of work into audit records (`AUDIT_TRAIL`), with the actor and
 * source of the current call (`AuditScope`): an admin's username is looked up now, inside the unit
 * of work (the id alone is kept when the user is gone).
 */
export class AuditRecords {
  constructor(private readonly deps: AuditRecordsDeps) {}

  /** The records `events` make, in their order (skipped events make none). */
  async of(events: readonly PortcullisEvent[]): Promise<AuditRecord[]> {
    const lookups = this.lookups(events);
    const context = this.deps.scope.current();
    const source = sourceOf(context.source);
    let scopeActor: AuditActor | undefined;
    const records: AuditRecord[] = [];
    for (const event of events) {
      const found = await describe(event, lookups);
      if (found === null) continue;
      scopeActor ??= await actorOf(context.actor ?? { kind: 'system' }, lookups);
      records.push({
        occurredAt: event.occurredAt,
        actor: limitedActor(found.actor ?? scopeActor),
        action: found.action,
        target: { ...found.target, name: cut(found.target.name, AUDIT_FIELD_LIMITS.name) },
        source,
        details: found.details,
      });
    }
    return records;
  }

  /** Lookups for one unit of work: names asked once; an integration's name from the unit's own events first. */
  private lookups(events: readonly PortcullisEvent[]): AuditLookups {
    const { adminUsers, integrations, aclTree } = this.deps;
    const integrationNames = new Map<string, string | null>();
    for (const event of events) {
      if ('integrationName' in event.payload) integrationNames.set(event.aggregateId, event.payload.integrationName);
    }
    const usernames = new Map<string, string | null>();
    return {
      integrationName: async (id) => {
        if (!integrationNames.has(id)) integrationNames.set(id, (await integrations.findById(id))?.name ?? null);
        return integrationNames.get(id) ?? null;
      },
      adminUsername: async (id) => {
        if (!usernames.has(id)) usernames.set(id, (await adminUsers.findById(id))?.username ?? null);
        return usernames.get(id) ?? null;
      },
      tree: () => aclTree.current(),
    };
  }
}

function describe<N extends PortcullisEventName>(event: PortcullisEventNamed<N>, lookups: AuditLookups): AuditFact | null | Promise<AuditFact | null> {
  // The table is keyed by name, so the entry for `event.name` takes this very event.
  const entry = AUDIT_TRAIL[event.name];
  return entry === null ? null : entry(event, lookups);
}

async function actorOf(actor: ScopedActor, lookups: AuditLookups): Promise<AuditActor> {
  switch (actor.kind) {
    case 'admin':
      return { kind: 'admin', id: actor.userId, name: await lookups.adminUsername(actor.userId) };
    case 'cli':
      return { kind: 'cli', id: null, name: actor.osUser };
    case 'config-sync':
      return { kind: 'config-sync', id: null, name: null };
    case 'system':
      return { kind: 'system', id: null, name: null };
  }
}

function limitedActor(actor: AuditActor): AuditActor {
  return { ...actor, name: cut(actor.name, AUDIT_FIELD_LIMITS.name) };
}

/** The source as kept: null when nothing is known, each field cut to its column. */
function sourceOf(source: AuditSource | undefined): AuditSource | null {
  if (source === undefined || (source.ip === null && source.userAgent === null && source.requestId === null)) return null;
  return {
    ip: cut(source.ip, AUDIT_FIELD_LIMITS.ip),
    userAgent: cut(source.userAgent, AUDIT_FIELD_LIMITS.userAgent),
    requestId: cut(source.requestId, AUDIT_FIELD_LIMITS.requestId),
  };
}

/** At most `max` UTF-16 units, never ending in half a surrogate pair. */
function cut(value: string | null, max: number): string | null {
  if (value === null || value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return value.slice(0, end);
}
