declare const boundType: unique symbol;

/**
 * The key a port is bound under in the composition root: a `Symbol.for` that also carries, for the
 * type checker only, the type of what is bound under it. A binding then names each dependency once
 * (its key) and the compiler checks the rest (infrastructure/container/singleton.ts).
 */
export type InjectionToken<T> = symbol & { readonly [boundType]?: T };

/** The token `portcullis.<name>`: the same symbol in every copy of the package loaded in a process. */
export function injectionToken<T>(name: string): InjectionToken<T> {
  return Symbol.for(`portcullis.${name}`);
}
