import { type Grant } from '../../domain/acl/grant.value-object';
import { type CredentialPolicy } from '../../domain/integration/credential-policy.value-object';
import { type Actor } from '../access/actor';
import { type RateLimitDecision } from '../ports/rate-limiter.port';
import { type GuardRequest } from './guard-request';

/**
 * An integration, authenticated: who it is, the grant of its role (none: allows nothing), whether
 * that role is read-only, and the policy its calls must also meet (client address, rate limit;
 * the authenticator has checked expiry).
 */
export interface IntegrationPrincipal {
  readonly kind: 'integration';
  readonly integrationId: string;
  readonly name: string;
  readonly grant: Grant;
  readonly readOnly: boolean;
  readonly policy: CredentialPolicy;
}

/** A signed-in admin: who, acting as whom, and the grant of their role. */
export interface AdminPrincipal {
  readonly kind: 'admin';
  readonly actor: Actor;
  readonly adminUserId: string;
  readonly username: string;
  readonly roleId: string;
  readonly grant: Grant;
  /** The role allows only GET, HEAD and OPTIONS on routes that require resources. */
  readonly readOnly: boolean;
}

/** Whoever an authenticator recognised; the grant is what authorization checks. */
export type AuthenticatedPrincipal = IntegrationPrincipal | AdminPrincipal;

/**
 * A request as authenticators read it: the guard's request, plus the admin session a browser
 * carries in a cookie (read by the HTTP adapter, which knows the cookie; absent elsewhere).
 */
export interface CredentialRequest extends GuardRequest {
  readonly sessionToken?: string;
}

/** A request let through: by whom, and (under a rate limit) what its bucket holds, for the RateLimit headers. */
export interface Authorization {
  readonly principal: AuthenticatedPrincipal;
  readonly rateLimit: RateLimitDecision | null;
}

/**
 * One way of proving who a request acts for (an OAuth 1.0a signature, an admin's bearer token,
 * an integration's access token as bearer …), each in its own file under `authenticators/`.
 * The request authorizer asks them in order; the first that recognises the request's credential
 * decides. Adding a kind of credential is adding an authenticator and listing it in the
 * composition root (docs/architecture.md, "Adding an authenticator").
 */
export interface Authenticator {
  /** The kind of principal it resolves (an edge may accept only some kinds). */
  readonly principalKind: AuthenticatedPrincipal['kind'];
  /**
   * Whether the request carries a credential this authenticator reads, decided without waiting
   * (a header's shape): false means `authenticate` would answer null, so the authorizer skips it
   * without a promise. Optional: without it, `authenticate` is always asked.
   */
  recognises?(request: CredentialRequest): boolean;
  /**
   * @returns the principal, or null when the request carries no credential of this kind (or one
   *   this kind does not know: an unknown bearer token may be another kind's)
   * @throws the refusal (401) when the credential is of this kind but not valid: a bad
   *   signature, a revoked or expired token, an inactive integration or user …
   */
  authenticate(request: CredentialRequest): Promise<AuthenticatedPrincipal | null>;
}
