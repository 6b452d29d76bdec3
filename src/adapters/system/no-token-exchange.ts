import { TokenExchangeUnavailableError, type TokenExchange } from '../../application/ports/token-exchange.port';
import { type Integration } from '../../domain/integration/integration.aggregate';

/** For instances without the OAuth endpoints: integrations that need the handshake cannot be activated. */
export class NoTokenExchange implements TokenExchange {
  identityLinkFor(integration: Integration): Promise<string> {
    return Promise.reject(new TokenExchangeUnavailableError(integration.name));
  }

  sendCredentials(integration: Integration): Promise<void> {
    return Promise.reject(new TokenExchangeUnavailableError(integration.name));
  }
}
