import { type Credential, type CredentialKind, type CredentialOf } from './credential';
import { CredentialMissingError, CredentialKindRepeatedError } from './credentials.errors';

/**
 * The credentials an integration holds: at most one of each kind. Immutable; issuing or replacing
 * one gives a new set. Secrets inside are clear text in the domain (never put in messages).
 */
export class Credentials {
  private constructor(private readonly byKind: ReadonlyMap<CredentialKind, Credential>) {}

  /** @throws CredentialKindRepeatedError when two credentials are of one kind */
  static of(credentials: readonly Credential[]): Credentials {
    const byKind = new Map<CredentialKind, Credential>();
    for (const credential of credentials) {
      if (byKind.has(credential.kind)) throw new CredentialKindRepeatedError(credential.kind);
      byKind.set(credential.kind, { ...credential });
    }
    return new Credentials(byKind);
  }

  /** The credential of that kind, or null when the integration has none. */
  get<K extends CredentialKind>(kind: K): CredentialOf<K> | null {
    return (this.byKind.get(kind) as CredentialOf<K> | undefined) ?? null;
  }

  /** @throws CredentialMissingError when the integration has no credential of that kind */
  require<K extends CredentialKind>(kind: K): CredentialOf<K> {
    const credential = this.get(kind);
    if (credential === null) throw new CredentialMissingError(kind);
    return credential;
  }

  /** This set with `credential` added, or in place of the one of its kind. */
  with(credential: Credential): Credentials {
    return new Credentials(new Map([...this.byKind, [credential.kind, { ...credential }]]));
  }

  get kinds(): readonly CredentialKind[] {
    return [...this.byKind.keys()];
  }

  toSnapshot(): readonly Credential[] {
    return [...this.byKind.values()].map((credential) => ({ ...credential }));
  }
}
