import { type OAuth1Consumer } from '../../domain/credentials/oauth1-consumer';
import { type Integration } from '../../domain/integration/integration.aggregate';
import { OAuthRequest, type SignedRequestInput } from '../../domain/oauth/oauth-request';
import { OAuthParametersMissingError } from '../../domain/oauth/oauth.errors';
import {
  ConsumerKeyLengthError,
  ConsumerUnknownError,
  NonceInvalidError,
  NonceUsedError,
  OAuthVersionRejectedError,
  SignatureInvalidError,
  TimestampRefusedError,
  TokenLengthInvalidError,
} from '../../domain/oauth/oauth-problems';
import { refusalOf } from '../guard/guard-refusals';
import { CREDENTIAL_LENGTH, MAX_NONCE_LENGTH } from './oauth.settings';
import { type OAuthServices } from './oauth.services';

/** The request of a third party, as the HTTP edge saw it; `authorization` undefined when absent. */
export type ConsumerRequestInput = Omit<SignedRequestInput, 'authorization'> & { readonly authorization: string | undefined };

/** Which protocol parameters an endpoint needs besides the five every signed request carries. */
export type RequestKind = 'request-token' | 'access-token' | 'api-call';

const ALWAYS_REQUIRED = ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp'] as const;
const REQUIRED: Readonly<Record<RequestKind, readonly string[]>> = {
  'request-token': ALWAYS_REQUIRED,
  'access-token': [...ALWAYS_REQUIRED, 'oauth_token', 'oauth_verifier'],
  'api-call': [...ALWAYS_REQUIRED, 'oauth_token'],
};

/** A request that passed the checks that need no secret: its consumer is known. */
export interface IdentifiedRequest {
  readonly request: OAuthRequest;
  readonly integration: Integration;
  /** The integration's OAuth 1.0a consumer, whose key the request named. */
  readonly consumer: OAuth1Consumer;
  /** `oauth_token`, or null for a request-token call. */
  readonly token: string | null;
  readonly nonce: string;
  readonly timestamp: number;
}

export type ConsumerRequestDeps = Pick<OAuthServices, 'integrations' | 'nonces' | 'signatures' | 'clock' | 'settings'>;

/**
 * The checks every OAuth 1.0a request of a consumer goes through (docs/oauth.md §2–4), in Magento's
 * order for those that need no secret: version, required parameters, token length, signature
 * method, consumer key, timestamp. The signature is checked by the caller once it knows the token
 * secret, and only then is the nonce spent: a request nobody could sign never fills the nonce store.
 */
export class ConsumerRequestChecks {
  constructor(private readonly deps: ConsumerRequestDeps) {}

  /**
   * @throws OAuthHeaderMalformedError, OAuthParameterDuplicatedError, OAuthVersionRejectedError,
   *   OAuthParametersMissingError, TokenLengthInvalidError, SignatureMethodUnsupportedError,
   *   NonceInvalidError, TimestampRefusedError (400)
   * @throws ConsumerKeyLengthError, ConsumerUnknownError (401)
   */
  async identify(input: ConsumerRequestInput, kind: RequestKind): Promise<IdentifiedRequest> {
    const { settings } = this.deps;
    if (input.authorization === undefined || input.authorization.trim() === '') throw new OAuthParametersMissingError([...REQUIRED[kind]]);
    const request = OAuthRequest.parse({ ...input, authorization: input.authorization });
    const version = request.parameter('oauth_version');
    if (version !== null && version !== '1.0') throw new OAuthVersionRejectedError(version);
    const missing = REQUIRED[kind].filter((name) => (request.parameter(name) ?? '') === '');
    if (missing.length > 0) throw new OAuthParametersMissingError(missing);
    const token = kind === 'request-token' ? null : (request.parameter('oauth_token') ?? '');
    if (token !== null && token.length !== CREDENTIAL_LENGTH) throw new TokenLengthInvalidError();
    // Throws SignatureMethodUnsupportedError before any lookup; the real check comes later.
    this.deps.signatures.assertMethodAccepted(request, settings.allowSha1);
    const nonce = request.parameter('oauth_nonce') ?? '';
    if (nonce.length > MAX_NONCE_LENGTH) throw new NonceInvalidError(MAX_NONCE_LENGTH);
    const consumerKey = request.parameter('oauth_consumer_key') ?? '';
    if (consumerKey.length !== CREDENTIAL_LENGTH) throw new ConsumerKeyLengthError();
    const integration = await this.deps.integrations.findByConsumerKey(consumerKey);
    if (integration === null) throw new ConsumerUnknownError();
    let timestamp: number;
    try {
      timestamp = this.acceptedTimestamp(request.parameter('oauth_timestamp') ?? '');
    } catch (error) {
      // The consumer is known: a stale call counts in its integration's usage.
      throw refusalOf(error, integration.id);
    }
    return { request, integration, consumer: integration.credentials.require('oauth1'), token, nonce, timestamp };
  }

  /**
   * Checks the signature under the consumer secret (or, within a rotation's grace period, the
   * previous one) and `tokenSecret`, then spends the nonce. Run it inside the unit of work that
   * applies the request, so a refused request spends nothing.
   * @throws SignatureInvalidError, NonceUsedError (401)
   */
  async authenticate(identified: IdentifiedRequest, tokenSecret: string): Promise<void> {
    const { signatures, nonces, settings, clock } = this.deps;
    const signedWith = (consumerSecret: string): boolean =>
      signatures.verifySignature({ request: identified.request, consumerSecret, tokenSecret, allowSha1: settings.allowSha1 });
    const { consumer } = identified;
    // The previous secret is tried only when the current one fails: a rotation costs nothing to callers that moved on.
    const valid = signedWith(consumer.secret) || (consumer.previous !== undefined && clock.now().getTime() < consumer.previous.until.getTime() && signedWith(consumer.previous.secret));
    if (!valid) throw new SignatureInvalidError();
    if (!(await nonces.use(identified.integration.id, identified.nonce, identified.timestamp))) {
      throw new NonceUsedError(identified.integration.id);
    }
  }

  /** A positive integer number of seconds within the allowed skew of the server's clock, either way. */
  private acceptedTimestamp(raw: string): number {
    if (!/^[0-9]{1,15}$/.test(raw)) throw new TimestampRefusedError();
    const timestamp = Number(raw);
    const now = Math.floor(this.deps.clock.now().getTime() / 1000);
    if (timestamp <= 0 || Math.abs(timestamp - now) > this.deps.settings.timestampSkewSeconds) throw new TimestampRefusedError();
    return timestamp;
  }
}
