import { type OAuth1Consumer } from './oauth1-consumer';

/**
 * A credential an integration authenticates with, one member per kind. A new kind (an OAuth 2.0
 * client, say) is a new member here with its own file; the integration's rules do not change
 * (docs/architecture.md, "Adding a credential kind").
 */
export type Credential = OAuth1Consumer;

export type CredentialKind = Credential['kind'];

export type CredentialOf<K extends CredentialKind> = Extract<Credential, { readonly kind: K }>;
