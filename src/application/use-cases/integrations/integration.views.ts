import { type Grant } from '../../../domain/acl/grant.value-object';
import { type Integration, type IntegrationStatus, type SetupType } from '../../../domain/integration/integration.aggregate';
import { type OAuthToken } from '../../../domain/token/oauth-token.aggregate';
import { toGrantView, type GrantView } from '../../access/grant-input';

/** An integration as lists show it (no secrets, no grant). */
export interface IntegrationSummary {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly endpoint: string | null;
  readonly identityLinkUrl: string | null;
  readonly status: IntegrationStatus;
  readonly setupType: SetupType;
  /** An http: callback URL or identity link ("Integration not secure"). */
  readonly notSecure: boolean;
  /** Activation runs the OAuth handshake (both URLs set) rather than issuing tokens locally. */
  readonly usesTokenExchange: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastUsedAt: Date | null;
  /** Why the configuration sync set the status (e.g. what a reset widened); null otherwise. */
  readonly statusReason: string | null;
  /** A config integration no configuration file declares any more (inactive; may be deleted). */
  readonly orphaned: boolean;
}

/** An integration with its resource access. */
export interface IntegrationView extends IntegrationSummary {
  readonly access: GrantView;
}

/** The four values a locally activated integration uses (shown once to the admin). */
export interface IntegrationCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** The four values of an integration's OAuth 1.0a consumer and its access token. */
export function oauth1CredentialsOf(integration: Integration, accessToken: OAuthToken): IntegrationCredentials {
  const consumer = integration.credentials.require('oauth1');
  return { consumerKey: consumer.key, consumerSecret: consumer.secret, accessToken: accessToken.token, accessTokenSecret: accessToken.secret };
}

export type ActivationResult =
  | { readonly mode: 'local'; readonly credentials: IntegrationCredentials }
  | { readonly mode: 'exchange'; readonly identityLinkUrl: string; readonly consumerKey: string };

export function toIntegrationSummary(integration: Integration): IntegrationSummary {
  const s = integration.toSnapshot();
  return {
    id: s.id,
    name: s.name,
    email: s.email,
    endpoint: s.endpoint,
    identityLinkUrl: s.identityLinkUrl,
    status: s.status,
    setupType: s.setupType,
    notSecure: integration.isNotSecure,
    usesTokenExchange: integration.usesTokenExchange,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastUsedAt: s.lastUsedAt,
    statusReason: s.statusReason,
    orphaned: s.orphaned,
  };
}

export function toIntegrationView(integration: Integration, grant: Grant): IntegrationView {
  return { ...toIntegrationSummary(integration), access: toGrantView(grant) };
}
