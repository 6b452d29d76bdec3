import { type DomainEvent } from '../kernel/domain-event';

/**
 * An integration was issued an access token (its credentials to call the API): at once on local
 * activation or reauthorization (`local`), or at the end of the token exchange (`token-exchange`).
 * Neither the token nor its secret is part of the event.
 */
export type AccessTokenIssued = DomainEvent<'AccessTokenIssued', { readonly integrationId: string; readonly via: 'local' | 'token-exchange' }>;

/** An access token stopped authenticating (the integration was revoked, reset or orphaned). */
export type AccessTokenRevoked = DomainEvent<'AccessTokenRevoked', { readonly integrationId: string }>;

/** What an OAuthToken records (verifier and request tokens, steps of the exchange, record nothing). */
export type OAuthTokenEvent = AccessTokenIssued | AccessTokenRevoked;
