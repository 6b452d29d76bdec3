import { TokenExchangeUnavailableError, type TokenExchange, type TokenExchangeStarted } from '../../application/ports/token-exchange.port';
import { type Integration } from '../../domain/integration/integration.aggregate';

/** For instances without the OAuth endpoints: integrations that need the handshake cannot be activated. */
export class NoTokenExchange implements TokenExchange {
  begin(integration: Integration): Promise<TokenExchangeStarted> {
    return Promise.reject(new TokenExchangeUnavailableError(integration.name));
  }
}
