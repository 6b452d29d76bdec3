import { AsyncLocalAuditScope } from '../../../../src/adapters/system/async-local-audit-scope';
import { contextOfInput, scopedUseCase } from '../../../../src/application/audit/scoped-use-case';
import { adminActor, SYSTEM_ACTOR } from '../../../../src/application/access/actor';

const SOURCE = { ip: '203.0.113.7', userAgent: 'curl/8', requestId: 'req-1' };

describe('AsyncLocalAuditScope', () => {
  it('is the runtime defaults outside any run (nothing by default)', () => {
    expect(new AsyncLocalAuditScope().current()).toEqual({});
    expect(new AsyncLocalAuditScope({ actor: { kind: 'cli', osUser: 'ops' } }).current()).toEqual({ actor: { kind: 'cli', osUser: 'ops' } });
  });

  it('merges nested runs, the inner fields winning, and restores the outer context after each', async () => {
    const scope = new AsyncLocalAuditScope({ actor: { kind: 'cli', osUser: 'ops' } });
    const seen: unknown[] = [];
    await scope.run({ source: SOURCE }, async () => {
      seen.push(scope.current());
      await scope.run({ actor: { kind: 'admin', userId: 'u-1' } }, async () => {
        await Promise.resolve();
        seen.push(scope.current());
      });
      seen.push(scope.current());
    });
    expect(seen).toEqual([
      { actor: { kind: 'cli', osUser: 'ops' }, source: SOURCE },
      { actor: { kind: 'admin', userId: 'u-1' }, source: SOURCE },
      { actor: { kind: 'cli', osUser: 'ops' }, source: SOURCE },
    ]);
    expect(scope.current()).toEqual({ actor: { kind: 'cli', osUser: 'ops' } });
  });

  it('keeps calls running side by side apart', async () => {
    const scope = new AsyncLocalAuditScope();
    const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
    const read = (userId: string): Promise<unknown> =>
      scope.run({ actor: { kind: 'admin', userId } }, async () => {
        await tick();
        return scope.current().actor;
      });
    await expect(Promise.all([read('a'), read('b')])).resolves.toEqual([
      { kind: 'admin', userId: 'a' },
      { kind: 'admin', userId: 'b' },
    ]);
  });
});

describe('scopedUseCase', () => {
  it('runs execute as the admin its input names; the system actor, or none, leaves the scope as it is', async () => {
    const scope = new AsyncLocalAuditScope({ actor: { kind: 'cli', osUser: 'ops' } });
    const useCase = {
      calls: 0,
      execute(input: { actor?: unknown }): Promise<unknown> {
        this.calls += 1;
        return Promise.resolve({ input, actor: scope.current().actor });
      },
    };
    const scoped = scopedUseCase(useCase, scope);
    await expect(scoped.execute({ actor: adminActor('u-1') })).resolves.toMatchObject({ actor: { kind: 'admin', userId: 'u-1' } });
    await expect(scoped.execute({ actor: SYSTEM_ACTOR })).resolves.toMatchObject({ actor: { kind: 'cli', osUser: 'ops' } });
    await expect(scoped.execute({})).resolves.toMatchObject({ actor: { kind: 'cli', osUser: 'ops' } });
    expect(useCase.calls).toBe(3);
    expect(contextOfInput(undefined)).toEqual({});
  });
});
