import { type OAuthRequest } from '../../domain/oauth/oauth-request';
import { OAuthParametersMissingError, SignatureMethodUnsupportedError } from '../../domain/oauth/oauth.errors';
import { signingKey } from '../../domain/oauth/signature-base-string';
import { type Hmac, type HmacAlgorithm } from '../ports/hmac.port';

export interface VerifySignatureInput {
  readonly request: OAuthRequest;
  readonly consumerSecret: string;
  /** The secret of the token in `oauth_token`; `''` when the request carries no token yet. */
  readonly tokenSecret: string;
  /** Accept HMAC-SHA1 (config switch, on by default; docs/oauth.md §2). HMAC-SHA256 is always accepted. */
  readonly allowSha1: boolean;
}

/** Checks the HMAC signature of an OAuth 1.0a request (RFC 5849 §3.4.2; docs/oauth.md §2). */
export class SignatureVerifier {
  constructor(private readonly hmac: Hmac) {}

  /**
   * True when `oauth_signature` is the HMAC of the request's base string under
   * `enc(consumerSecret)&enc(tokenSecret)`, compared in constant time; false otherwise.
   * @throws OAuthParametersMissingError when `oauth_signature_method` or `oauth_signature` is absent.
   * @throws SignatureMethodUnsupportedError for any other method, and for HMAC-SHA1 when not allowed.
   */
  /**
   * Checks only that the request names an accepted signature method (when it names one), so a
   * request with an unsupported method is refused before anything is looked up.
   * @throws SignatureMethodUnsupportedError
   */
  assertMethodAccepted(request: OAuthRequest, allowSha1: boolean): void {
    const method = request.signatureMethod;
    if (method !== null) acceptedAlgorithm(method, allowSha1);
  }

  verifySignature(input: VerifySignatureInput): boolean {
    const method = input.request.signatureMethod;
    const signature = input.request.signature;
    if (method === null || signature === null) {
      const missing = [...(method === null ? ['oauth_signature_method'] : []), ...(signature === null ? ['oauth_signature'] : [])];
      throw new OAuthParametersMissingError(missing);
    }

    const algorithm = acceptedAlgorithm(method, input.allowSha1);
    const expected = this.hmac.sign(algorithm, signingKey(input.consumerSecret, input.tokenSecret), input.request.baseString);
    return this.hmac.equal(expected, signature);
  }
}

function acceptedAlgorithm(method: string, allowSha1: boolean): HmacAlgorithm {
  if (method === 'HMAC-SHA256') return method;
  if (method === 'HMAC-SHA1' && allowSha1) return method;
  throw new SignatureMethodUnsupportedError(method);
}
