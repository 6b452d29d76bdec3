import { type DomainEventsOf } from '../kernel/domain-event';

/** What an OAuthToken records (verifier and request tokens, steps of the exchange, record nothing). */
export type OAuthTokenEvent = DomainEventsOf<{
  /**
   * An integration was issued an access token (its credentials to call the API): at once on local
   * activation or reauthorization (`local`), or at the end of the token exchange (`token-exchange`).
   * Neither the token nor its secret is part of the event.
   */
  AccessTokenIssued: { readonly integrationId: string; readonly via: 'local' | 'token-exchange' };

  /** An access token stopped authenticating (the integration was revoked, reset or orphaned). */
  AccessTokenRevoked: { readonly integrationId: string };
}>;
