import { type Actor } from '../access/actor';
import { type AuditContext, type AuditScope } from '../ports/audit-scope.port';

/** A use case: one `execute(input)`. */
export interface Executes {
  execute(input: never): Promise<unknown>;
}

/**
 * The audit context a call's input names: an admin actor (`input.actor`) acts; the system actor,
 * or none, leaves the actor the caller's scope has (the CLI's operator, the default `system`).
 */
export function contextOfInput(input: unknown): AuditContext {
  const actor = typeof input === 'object' && input !== null ? (input as { readonly actor?: Actor }).actor : undefined;
  return actor?.kind === 'admin' ? { actor: { kind: 'admin', userId: actor.userId } } : {};
}

/**
 * `useCase`, whose `execute` runs in the audit context `contextOf(input)` (nothing is changed when
 * that is empty): every entry its changes make names that actor. Every other member is the use
 * case's own.
 */
export function scopedUseCase<T extends Executes>(useCase: T, scope: AuditScope, contextOf: (input: unknown) => AuditContext = contextOfInput): T {
  const scoped = Object.create(useCase) as T;
  const execute = useCase.execute.bind(useCase) as (input: unknown) => Promise<unknown>;
  const run = (input: unknown): Promise<unknown> => {
    const context = contextOf(input);
    return context.actor === undefined && context.source === undefined ? execute(input) : scope.run(context, () => execute(input));
  };
  // Writable and configurable, as a method assigned to an object is (tests replace methods so).
  Object.defineProperty(scoped, 'execute', { value: run, writable: true, configurable: true });
  return scoped;
}
