import { Grant } from '../../../domain/acl/grant.value-object';
import { type CredentialPolicySnapshot } from '../../../domain/integration/credential-policy.value-object';
import { type Integration, type IntegrationSnapshot } from '../../../domain/integration/integration.aggregate';
import { type Role } from '../../../domain/role/role.aggregate';
import { type OAuthToken } from '../../../domain/token/oauth-token.aggregate';
import { toGrantView, type GrantView } from '../../access/grant-input';

/** An integration as lists show it (no secrets, no grant): its stored details and status, and two facts derived from them. */
export interface IntegrationSummary extends Omit<IntegrationSnapshot, 'credentials' | 'exchangeStartedAt'> {
  /** An http: callback URL or identity link ("Integration not secure"). */
  readonly notSecure: boolean;
  /** Activation runs the OAuth handshake (both URLs set) rather than issuing tokens locally. */
  readonly usesTokenExchange: boolean;
}

/** An integration with its resource access and its whole credential policy. */
export interface IntegrationView extends Omit<IntegrationSummary, 'policy'> {
  readonly access: GrantView;
  /** `readOnly`: its role is read-only (only GET, HEAD and OPTIONS on what `access` allows). */
  readonly policy: CredentialPolicySnapshot & { readonly readOnly: boolean };
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
  | {
      readonly mode: 'local';
      readonly credentials: IntegrationCredentials;
      /** Reauthorized with a grace period: the replaced access token works until then. */
      readonly previousTokenValidUntil?: Date;
    }
  | { readonly mode: 'exchange'; readonly identityLinkUrl: string; readonly consumerKey: string };

/** Names each shown field, so a field the snapshot gains fails to compile here until it is shown or left out of the type. */
export function toIntegrationSummary(integration: Integration): IntegrationSummary {
  const { id, name, email, endpoint, identityLinkUrl, status, setupType, createdAt, updatedAt, lastUsedAt, statusReason, orphaned, policy } = integration.toSnapshot();
  const { isNotSecure: notSecure, usesTokenExchange } = integration;
  return { id, name, email, endpoint, identityLinkUrl, status, setupType, notSecure, usesTokenExchange, createdAt, updatedAt, lastUsedAt, statusReason, orphaned, policy };
}

/** @param role its role (null only if storage lost it: then it is allowed nothing) */
export function toIntegrationView(integration: Integration, role: Role | null): IntegrationView {
  const summary = toIntegrationSummary(integration);
  return { ...summary, access: toGrantView(role?.grant ?? Grant.none()), policy: { ...summary.policy, readOnly: role?.readOnly ?? false } };
}
