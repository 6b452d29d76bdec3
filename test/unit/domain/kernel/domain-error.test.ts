import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DomainError, ERROR_KINDS, type ErrorKind } from '../../../../src/domain/kernel/domain-error';

const SRC = join(__dirname, '../../../../src');

/**
 * Errors of the core that are not refusals, so carry no kind: every adapter answers them as it
 * answers any unexpected failure (HTTP 500, exit 70), which is what they are to a caller.
 */
const NOT_REFUSALS: ReadonlyMap<string, string> = new Map([
  ['TransactionConflictError', 'the database ended a unit of work for a concurrent one: the use case may run it again (config sync does)'],
  ['SecretDecryptionError', 'a stored secret does not open with the configured key: the setup is wrong, not the request'],
]);

/** Every `.ts` file below `dir`. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** Every class extending Error that a module of src/domain or src/application exports, by name. */
async function exportedErrorClasses(): Promise<Map<string, { readonly type: ErrorClass; readonly file: string }>> {
  const found = new Map<string, { readonly type: ErrorClass; readonly file: string }>();
  for (const file of [...sourceFiles(join(SRC, 'domain')), ...sourceFiles(join(SRC, 'application'))]) {
    const exports = (await import(file)) as Record<string, unknown>;
    for (const value of Object.values(exports)) {
      if (typeof value !== 'function' || !((value.prototype as unknown) instanceof Error)) continue;
      found.set(value.name, { type: value as ErrorClass, file: relative(SRC, file) });
    }
  }
  return found;
}

describe('the kind of every error of the core', () => {
  let classes: Map<string, { readonly type: ErrorClass; readonly file: string }>;

  beforeAll(async () => {
    classes = await exportedErrorClasses();
  });

  it('finds the error classes of src/domain and src/application (the walk itself works)', () => {
    expect(classes.get('IntegrationNotFoundError')?.file).toBe(join('domain', 'integration', 'integration.errors.ts'));
    expect(classes.get('RouteUndeclaredError')?.file).toBe(join('application', 'guard', 'guard.errors.ts'));
    expect(classes.size).toBeGreaterThan(70);
  });

  it('is declared by every exported error class: each is a DomainError of one of the kinds, or a known non-refusal', () => {
    const withoutKind = [...classes]
      .filter(([name, { type }]) => (type as unknown) !== DomainError && !NOT_REFUSALS.has(name))
      .filter(([, { type }]) => !(type.prototype instanceof DomainError) || !ERROR_KINDS.includes((type.prototype as { kind: ErrorKind }).kind))
      .map(([name, { file }]) => `${name} (${file})`);

    expect(withoutKind).toEqual([]);
  });

  it('keeps the list of non-refusals to classes that exist and are not DomainErrors', () => {
    for (const name of NOT_REFUSALS.keys()) {
      const found = classes.get(name);
      expect(found).toBeDefined();
      expect(found?.type.prototype).not.toBeInstanceOf(DomainError);
    }
  });

  it('reads the kind from the class, so an instance shows it and its JSON does not change', () => {
    const error = new (classes.get('IntegrationNotFoundError')?.type as unknown as new (id: string) => DomainError)('i-1');

    expect(error.kind).toBe('not-found');
    expect(Object.keys(error)).not.toContain('kind');
  });

  it('cannot be left out: the compiler refuses a DomainError that declares no kind', () => {
    // @ts-expect-error TS2515: a concrete DomainError must declare its kind (extend the base of its kind).
    class KindlessError extends DomainError {
      readonly code = 'TEST.KINDLESS';
      constructor() {
        super('No kind.');
      }
    }

    expect(new KindlessError().kind).toBeUndefined();
  });
});
