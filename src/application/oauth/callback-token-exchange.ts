import { type Integration } from '../../domain/integration/integration.aggregate';
import { type HttpPoster } from '../ports/http-poster.port';
import { CallbackFailedError, type TokenExchange } from '../ports/token-exchange.port';

export interface CallbackTokenExchangeSettings {
  /** Sent as `store_base_url`: the base URL third parties prefix `oauth/token/request` with; ends with `/`. */
  readonly storeBaseUrl: string;
  /** Sent as `success_call_back`: a page of this server that closes the identity-link pop-up. */
  readonly successCallbackUrl: string;
  readonly timeoutMs: number;
}

/** The handshake as Magento runs it (docs/oauth.md §1), through the outbound HTTP port. */
export class CallbackTokenExchange implements TokenExchange {
  constructor(
    private readonly poster: HttpPoster,
    private readonly settings: CallbackTokenExchangeSettings,
  ) {}

  identityLinkFor(integration: Integration): Promise<string> {
    const link = integration.identityLinkUrl ?? '';
    const query = new URLSearchParams({ oauth_consumer_key: integration.credentials.require('oauth1').key, success_call_back: this.settings.successCallbackUrl });
    const hash = link.indexOf('#');
    const beforeFragment = hash < 0 ? link : link.slice(0, hash);
    const fragment = hash < 0 ? undefined : link.slice(hash + 1);
    const separator = beforeFragment.includes('?') ? (/[?&]$/.test(beforeFragment) ? '' : '&') : '?';
    return Promise.resolve(`${beforeFragment}${separator}${query.toString()}${fragment === undefined ? '' : `#${fragment}`}`);
  }

  async sendCredentials(integration: Integration, verifier: string): Promise<void> {
    const consumer = integration.credentials.require('oauth1');
    const outcome = await this.poster.postForm(
      integration.endpoint ?? '',
      {
        oauth_consumer_key: consumer.key,
        oauth_consumer_secret: consumer.secret,
        store_base_url: this.settings.storeBaseUrl,
        oauth_verifier: verifier,
      },
      { timeoutMs: this.settings.timeoutMs },
    );
    if (outcome.kind === 'failed') throw new CallbackFailedError(integration.name, { reason: outcome.reason });
    if (outcome.status < 200 || outcome.status > 299) throw new CallbackFailedError(integration.name, { status: outcome.status });
  }
}
