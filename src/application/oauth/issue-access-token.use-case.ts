import { type ConsumerRequestChecks, type ConsumerRequestInput } from './consumer-request';
import {
  RequestTokenConsumerMismatchError,
  TokenAlreadyUsedError,
  TokenUnknownError,
  VerifierInvalidError,
  VerifierLengthError,
} from '../../domain/oauth/oauth-problems';
import { CREDENTIAL_LENGTH } from './oauth.settings';
import { type TokenPair } from './token-pair';
import { type OAuthServices } from './oauth.services';

export type IssueAccessTokenDeps = Pick<OAuthServices, 'integrations' | 'tokens' | 'unitOfWork' | 'clock' | 'random' | 'hmac'> & { readonly checks: ConsumerRequestChecks };

/**
 * `POST /oauth/token/access` (docs/oauth.md §1 step 4): the request token, with the verifier posted to
 * the integration, becomes the access token, and the integration becomes active. Of two
 * concurrent calls with one request token exactly one gets the access token.
 */
export class IssueAccessToken {
  constructor(private readonly deps: IssueAccessTokenDeps) {}

  /**
   * @throws the 400/401 refusals of ConsumerRequestChecks, TokenUnknownError,
   *   RequestTokenConsumerMismatchError, TokenAlreadyUsedError, VerifierLengthError,
   *   VerifierInvalidError (each docs/oauth.md §4)
   */
  async execute(input: ConsumerRequestInput): Promise<TokenPair> {
    const { checks, integrations, tokens, unitOfWork, clock, random, hmac } = this.deps;
    const identified = await checks.identify(input, 'access-token');
    const { integration, request } = identified;
    const requestToken = await tokens.findByToken(identified.token ?? '');
    if (requestToken === null) throw new TokenUnknownError();
    if (requestToken.integrationId !== integration.id) throw new RequestTokenConsumerMismatchError();
    if (requestToken.type !== 'request') throw new TokenAlreadyUsedError();
    const verifier = request.parameter('oauth_verifier') ?? '';
    if (verifier.length !== CREDENTIAL_LENGTH) throw new VerifierLengthError();
    if (!hmac.equal(verifier, requestToken.verifier ?? '')) throw new VerifierInvalidError();
    return unitOfWork.run(async () => {
      await checks.authenticate(identified, requestToken.secret);
      const now = clock.now();
      const previous = requestToken.token;
      const pair = { token: random.token(), secret: random.token() };
      requestToken.exchangeForAccessToken(pair, now);
      if (!(await tokens.replace(requestToken, previous))) throw new TokenAlreadyUsedError();
      // Read again inside the unit of work, so an admin's concurrent edit is not overwritten.
      const current = (await integrations.findById(integration.id)) ?? integration;
      current.completeTokenExchange(now);
      await integrations.save(current);
      return pair;
    });
  }
}
