import { type RequiredResources } from '../../domain/acl/grant.value-object';
import { assertAllowed } from '../access/required-resources';
import { type AclTreeProvider } from '../ports/acl-tree.port';
import { NO_GUARD_DECISIONS, type GuardDecisions } from '../ports/guard-decisions.port';
import { type Clock } from '../ports/clock.port';
import { type RateLimitDecision, type RateLimiter } from '../ports/rate-limiter.port';
import { type StorageOutages } from '../ports/storage-outages.port';
import { type AuthenticatedPrincipal, type Authenticator, type Authorization, type CredentialRequest, type IntegrationPrincipal } from './authenticator';
import { ClientAddressNotAllowedError, RateLimitExceededError, ReadOnlyAccessError } from './guard.errors';
import { refusalReasonOf, refusedIntegrationOf } from './guard-refusals';
import { type IntegrationUsage } from './integration-usage';

export interface RequestAuthorizerDeps {
  /** Asked in this order; the first that recognises the request's credential decides. */
  readonly authenticators: readonly Authenticator[];
  /** The refusal (401) when none recognises it: each door words it for its callers. */
  readonly unrecognised: (request: CredentialRequest) => Error;
  readonly aclTree: AclTreeProvider;
  readonly usage: IntegrationUsage;
  /** Keeps each integration's rate-limit bucket (in this process, or shared through Redis). */
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  /** Told of every decision (the guard's metrics); nobody by default. */
  readonly decisions?: GuardDecisions;
  /** Tells an outage from a bug among failures, for the decisions' reasons; none recognised by default. */
  readonly isUnavailable?: StorageOutages;
}

const EVERY_KIND = (): boolean => true;
const NO_OUTAGE = (): boolean => false;
/** The methods a read-only principal may use (RFC 9110 §9.2.1 safe methods; TRACE is not routed). */
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The one path every authenticated request takes, whichever door it came through (the guard's
 * edges, forward-auth, the admin REST API): resolve the principal through the authenticators
 * (which refuse expired credentials), then an integration's policy (its client address, then its
 * rate limit), then read-only access (a write on a route that requires resources), then check its
 * grant allows what is required (`Grant.missing`), then record an integration's use. Each request is one decision: counted in the usage of its integration when it is known
 * (refused ones too, once an authenticator identified the integration), and told to `decisions`.
 */
export class RequestAuthorizer {
  private readonly decisions: GuardDecisions;
  private readonly isUnavailable: StorageOutages;

  constructor(private readonly deps: RequestAuthorizerDeps) {
    this.decisions = deps.decisions ?? NO_GUARD_DECISIONS;
    this.isUnavailable = deps.isUnavailable ?? NO_OUTAGE;
  }

  /**
   * @param accepts the kinds of principal this door lets in (authenticators of other kinds are
   *   not asked); all by default
   * @throws the refusal of the authenticator that recognised the request, or `unrecognised` (401)
   * @throws ClientAddressNotAllowedError, ReadOnlyAccessError (403), RateLimitExceededError (429)
   * @throws AccessDeniedError naming what the principal's grant lacks (403)
   */
  async authorize(
    request: CredentialRequest,
    required: RequiredResources,
    accepts: (kind: AuthenticatedPrincipal['kind']) => boolean = EVERY_KIND,
  ): Promise<Authorization> {
    const startedAt = this.decisions.started();
    let principal: AuthenticatedPrincipal | undefined;
    let rateLimit: RateLimitDecision | null = null;
    try {
      principal = await this.authenticate(request, accepts);
      if (principal.kind === 'integration' && !principal.policy.isOpen) {
        const taken = this.enforcePolicy(principal, request);
        rateLimit = taken === null || !('then' in taken) ? taken : await taken;
      }
      if (principal.readOnly && requiresResources(required) && !SAFE_METHODS.has(request.method.toUpperCase())) {
        throw new ReadOnlyAccessError(request.method.toUpperCase(), principal.kind);
      }
      assertAllowed(principal.grant, required, this.deps.aclTree.current(), principal.kind === 'admin' ? 'admin' : 'consumer');
      if (principal.kind === 'integration') {
        // Almost always no write is due: then nothing is awaited.
        const write = this.deps.usage.record(principal.integrationId);
        if (write !== undefined) await write;
      }
    } catch (error) {
      this.refused(error, principal, startedAt);
      throw error;
    }
    this.decisions.decided(null, startedAt);
    return { principal, rateLimit };
  }

  /**
   * The client address, then the rate limit (a refused address spends nothing of the bucket).
   * @returns the rate limit's decision (a promise only when the buckets are shared), or null without a limit
   * @throws ClientAddressNotAllowedError, RateLimitExceededError
   */
  private enforcePolicy(principal: IntegrationPrincipal, request: CredentialRequest): RateLimitDecision | Promise<RateLimitDecision> | null {
    const { policy } = principal;
    if (!policy.allowedIps.allows(request.clientAddress)) throw new ClientAddressNotAllowedError(request.clientAddress);
    const rate = policy.rateLimit;
    if (rate === null) return null;
    const decision = this.deps.rateLimiter.take(principal.integrationId, rate, this.deps.clock.now().getTime());
    return 'then' in decision ? decision.then(allowedOrThrow) : allowedOrThrow(decision);
  }

  /** Counts a refusal (or failure) in the usage of the integration it concerns, if known, and tells the decisions. */
  private refused(error: unknown, principal: AuthenticatedPrincipal | undefined, startedAt: number): void {
    const reason = refusalReasonOf(error, this.isUnavailable);
    const integrationId = principal?.kind === 'integration' ? principal.integrationId : refusedIntegrationOf(error);
    if (integrationId !== null) this.deps.usage.refused(integrationId, reason);
    this.decisions.decided(reason, startedAt);
  }

  private async authenticate(request: CredentialRequest, accepts: (kind: AuthenticatedPrincipal['kind']) => boolean): Promise<AuthenticatedPrincipal> {
    for (const authenticator of this.deps.authenticators) {
      if (!accepts(authenticator.principalKind)) continue;
      if (authenticator.recognises?.(request) === false) continue;
      const principal = await authenticator.authenticate(request);
      if (principal !== null) return principal;
    }
    throw this.deps.unrecognised(request);
  }
}

/** Whether a route needs any resource (read-only applies there; a signed-in admin's own routes need none). */
function requiresResources(required: RequiredResources): boolean {
  return required.all.length > 0 || (required.anyOf?.length ?? 0) > 0;
}

/** @throws RateLimitExceededError when the decision refuses */
function allowedOrThrow(decision: RateLimitDecision): RateLimitDecision {
  if (!decision.allowed) throw new RateLimitExceededError(decision);
  return decision;
}
