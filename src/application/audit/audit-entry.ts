/**
 * The audit trail's entries: who did what to which record, when and from where. Plain readonly
 * data; never a secret, a password or a token (each entry is made from a domain event, and events
 * carry none).
 */

/**
 * Who acted: an admin (`id` their user id, `name` their username when the entry was written), the
 * embedding backend or the server itself (`system`), an operator at the terminal (`cli`, `name` the
 * OS user), the config sync (`config-sync`), someone not signed in (`anonymous`: a failed sign-in
 * for a username nobody has), or an integration (`integration`: the third party completing the
 * token exchange).
 */
export type AuditActorKind = 'admin' | 'system' | 'cli' | 'config-sync' | 'anonymous' | 'integration';

export interface AuditActor {
  readonly kind: AuditActorKind;
  readonly id: string | null;
  readonly name: string | null;
}

/** What was acted on; `config` for a config sync's run as a whole (no id). */
export type AuditTargetKind = 'integration' | 'role' | 'admin_user' | 'config';

export interface AuditTarget {
  readonly kind: AuditTargetKind;
  /** Null when there is no record (a sign-in for a username nobody has, a config sync). */
  readonly id: string | null;
  readonly name: string | null;
}

/** Where the request came from (the admin API and UI); null fields when unknown. */
export interface AuditSource {
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly requestId: string | null;
}

/** JSON values only: what `details` may hold (no dates, no undefined). */
export type AuditJson = string | number | boolean | null | readonly AuditJson[] | { readonly [key: string]: AuditJson };

export type AuditDetails = { readonly [key: string]: AuditJson };

/** An entry before it has its place in the chain. */
export interface AuditRecord {
  readonly occurredAt: Date;
  readonly actor: AuditActor;
  /** `integration.created`, `role.grant_changed`… (see `AUDIT_ACTIONS`). */
  readonly action: string;
  readonly target: AuditTarget;
  /** Null when the change did not come through a request (the CLI, the library, a sync at start). */
  readonly source: AuditSource | null;
  readonly details: AuditDetails;
}

/** An entry in the chain: its number and the hashes that tie it to the one before. */
export interface AuditEntry extends AuditRecord {
  /** 1, 2, 3…: strictly increasing by one, never reused. */
  readonly seq: number;
  /** The hash of the entry before (for the first entry: GENESIS_HASH). */
  readonly prevHash: string;
  /** SHA-256 (hex) of the entry's content and `prevHash` (see `chainContent`). */
  readonly hash: string;
}

/** Where the chain stands: an entry's number and hash. */
export interface ChainLink {
  readonly seq: number;
  readonly hash: string;
}

/** What the first entry of a chain follows: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** Longest values kept in an entry's columns: longer ones are cut (before the entry is hashed). */
export const AUDIT_FIELD_LIMITS = { name: 255, ip: 64, userAgent: 512, requestId: 64 } as const;
