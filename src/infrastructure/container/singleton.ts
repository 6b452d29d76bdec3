import type { Bind, ServiceIdentifier } from 'inversify';
import type { InjectionToken } from '../../domain/kernel/injection-token';

/** What a binding may depend on: a port's token, or a class bound under itself. */
type Dependency = InjectionToken<unknown> | (abstract new (...args: never[]) => unknown);

/** The value each dependency resolves to, typed from its class or its token. */
export type Resolved<D extends Record<string, Dependency>> = {
  readonly [K in keyof D]: D[K] extends abstract new (...args: never[]) => infer T ? T : D[K] extends InjectionToken<infer T> ? T : never;
};

/**
 * Binds `id` as a singleton that `make` builds from `dependencies`. Each dependency is named once:
 * its key is the name `make` receives its value under, and its type comes from its token, so
 * `singleton(bind, GetRole, { roles: ROLE_REPOSITORY }, ({ roles }) => new GetRole(roles))` is
 * checked end to end; a constructor that takes its dependencies as one object is simply `(deps) => new X(deps)`.
 */
export function singleton<T, D extends Record<string, Dependency>>(
  bind: Bind,
  id: ServiceIdentifier<T>,
  dependencies: D,
  make: (resolved: Resolved<D>) => T,
): void {
  const names = Object.keys(dependencies);
  bind(id)
    .toResolvedValue(
      (...values: unknown[]) => make(Object.fromEntries(names.map((name, index) => [name, values[index]])) as Resolved<D>),
      names.map((name) => dependencies[name] as ServiceIdentifier),
    )
    .inSingletonScope();
}

/** `singleton` for a class whose constructor takes its dependencies as one object, bound under itself. */
export function singletonClass<T, D extends Record<string, Dependency>>(
  bind: Bind,
  Class: new (dependencies: NoInfer<Resolved<D>>) => T,
  dependencies: D,
): void {
  singleton(bind, Class, dependencies, (resolved) => new Class(resolved));
}
