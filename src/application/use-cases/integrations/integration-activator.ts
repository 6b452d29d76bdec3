import { type Integration } from '../../../domain/integration/integration.aggregate';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { OAuthToken } from '../../../domain/token/oauth-token.aggregate';
import { type OAuthTokenRepository } from '../../../domain/token/oauth-token.repository';
import { type Clock } from '../../ports/clock.port';
import { type IdGenerator, type RandomSource } from '../../ports/random-source.port';
import { type TokenExchange } from '../../ports/token-exchange.port';
import { type ActivationResult } from './integration.views';

export interface IntegrationActivatorDeps {
  readonly integrations: IntegrationRepository;
  readonly tokens: OAuthTokenRepository;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly ids: IdGenerator;
  readonly exchange: TokenExchange;
}

/**
 * Activation and reauthorization, shared by Activate, Reauthorize and "Save and Activate".
 * Runs inside the caller's unit of work: every write here is undone if a later one fails.
 */
export class IntegrationActivator {
  constructor(private readonly deps: IntegrationActivatorDeps) {}

  /**
   * Local flow (no handshake URLs): replaces any token with a new access token and returns the
   * four credentials. Exchange flow: removes the old tokens, marks the integration inactive and
   * starts the handshake (OAUTH.md §1).
   * @throws the aggregate's lifecycle errors (already active, never activated)
   */
  async activate(integration: Integration, intent: 'activate' | 'reauthorize'): Promise<ActivationResult> {
    const { integrations, tokens, clock, random, ids, exchange } = this.deps;
    const now = clock.now();
    if (integration.usesTokenExchange) {
      integration.startTokenExchange(now, intent);
      await tokens.deleteByIntegrationId(integration.id);
      await integrations.save(integration);
      const started = await exchange.begin(integration);
      return { mode: 'exchange', identityLinkUrl: started.identityLinkUrl, consumerKey: started.consumerKey };
    }
    if (intent === 'activate') integration.activateLocally(now);
    else integration.reauthorizeLocally(now);
    await tokens.deleteByIntegrationId(integration.id);
    const token = OAuthToken.issueAccessToken({
      id: ids.next(),
      integrationId: integration.id,
      token: random.token(),
      secret: random.token(),
      now,
    });
    await tokens.save(token);
    await integrations.save(integration);
    return {
      mode: 'local',
      credentials: {
        consumerKey: integration.consumerKey,
        consumerSecret: integration.consumerSecret,
        accessToken: token.token,
        accessTokenSecret: token.secret,
      },
    };
  }
}
