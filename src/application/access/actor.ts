/**
 * Who asks for an operation: `system` (the embedding backend, the config sync, the CLI run by an
 * operator) may do anything; an `admin` acts within the grant of their role.
 */
export type Actor = { readonly kind: 'system' } | { readonly kind: 'admin'; readonly userId: string };

export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system' });

export function adminActor(userId: string): Actor {
  return { kind: 'admin', userId };
}

/** The input of an action on one record: the record's ID, and who acts (the system when omitted). */
export interface ActionOnRecord {
  readonly id: string;
  readonly actor?: Actor;
}
