import { type ConsumerRequestChecks, type ConsumerRequestInput } from './consumer-request';
import { ConsumerExpiredError, ConsumerTokenMissingError } from '../../domain/oauth/oauth-problems';
import { type TokenPair } from './token-pair';
import { type OAuthServices } from './oauth.services';

export type IssueRequestTokenDeps = Pick<OAuthServices, 'tokens' | 'unitOfWork' | 'clock' | 'random' | 'settings'> & { readonly checks: ConsumerRequestChecks };

/**
 * `POST /oauth/token/request` (docs/oauth.md §1 step 3): within the exchange window, a request signed
 * with the consumer secret (and an empty token secret) turns the verifier token into a request token.
 */
export class IssueRequestToken {
  constructor(private readonly deps: IssueRequestTokenDeps) {}

  /**
   * @throws the 400/401 refusals of ConsumerRequestChecks, ConsumerExpiredError,
   *   ConsumerTokenMissingError, TokenNotVerifierError (each docs/oauth.md §4)
   */
  async execute(input: ConsumerRequestInput): Promise<TokenPair> {
    const { checks, tokens, unitOfWork, clock, random, settings } = this.deps;
    const identified = await checks.identify(input, 'request-token');
    const { integration } = identified;
    const now = clock.now();
    if (integration.isInTokenExchange && !integration.isExchangeWindowOpen(now, settings.exchangeWindowSeconds)) {
      throw new ConsumerExpiredError();
    }
    return unitOfWork.run(async () => {
      await checks.authenticate(identified, '');
      const [token] = await tokens.listByIntegrationId(integration.id);
      if (token === undefined) throw new ConsumerTokenMissingError(integration.id);
      const previous = token.token;
      const pair = { token: random.token(), secret: random.token() };
      token.exchangeForRequestToken(pair, now);
      if (!(await tokens.replace(token, previous))) throw new ConsumerTokenMissingError(integration.id);
      return pair;
    });
  }
}
