import { AsyncLocalStorage } from 'node:async_hooks';
import { type AuditContext, type AuditScope } from '../../application/ports/audit-scope.port';

/**
 * The audit context in AsyncLocalStorage: it follows the async call chain of each request or
 * command, never a field another call could see. `defaults` is the runtime's own (the CLI's
 * operator as actor); what a `run` gives wins over it.
 */
export class AsyncLocalAuditScope implements AuditScope {
  private readonly storage = new AsyncLocalStorage<AuditContext>();

  constructor(private readonly defaults: AuditContext = {}) {}

  run<T>(context: AuditContext, work: () => Promise<T>): Promise<T> {
    return this.storage.run(merged(this.storage.getStore() ?? {}, context), work);
  }

  current(): AuditContext {
    return merged(this.defaults, this.storage.getStore() ?? {});
  }
}

/** `outer` with the fields `inner` gives. */
function merged(outer: AuditContext, inner: AuditContext): AuditContext {
  const actor = inner.actor ?? outer.actor;
  const source = inner.source ?? outer.source;
  return { ...(actor !== undefined ? { actor } : {}), ...(source !== undefined ? { source } : {}) };
}
