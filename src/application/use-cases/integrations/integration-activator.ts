import { Integration, type IntegrationSnapshot } from '../../../domain/integration/integration.aggregate';
import { Role, type RoleSnapshot } from '../../../domain/role/role.aggregate';
import { OAuthToken, type OAuthTokenSnapshot } from '../../../domain/token/oauth-token.aggregate';
import { oauth1CredentialsOf, type ActivationResult } from './integration.views';
import { type IntegrationServices } from './integration.services';

export type IntegrationActivatorDeps = Pick<IntegrationServices, 'integrations' | 'roles' | 'tokens' | 'unitOfWork' | 'clock' | 'random' | 'ids' | 'exchange' | 'events' | 'credentialSettings'>;

/**
 * Activates (or reauthorizes) an integration inside `ActivationRun` work. `graceSeconds` (local
 * reauthorization only): the access token it replaces keeps working that long (0: refused at once).
 */
export type Activate = (integration: Integration, intent: 'activate' | 'reauthorize', graceSeconds?: number) => Promise<ActivationResult>;

/** Everything stored for one integration before an operation, to put back if its handshake fails. */
interface StoredImage {
  readonly integration: IntegrationSnapshot | null;
  readonly role: RoleSnapshot | null;
  readonly tokens: readonly OAuthTokenSnapshot[];
}

interface StartedExchange {
  readonly integration: Integration;
  readonly verifier: string;
}

/**
 * Activation and reauthorization, shared by Activate, Reauthorize and "Save and Activate".
 *
 * The local flow is one unit of work. The token exchange is not: the credentials POST goes out
 * only after the verifier is committed (a third party may ask for its request token before it
 * answers the POST), and no transaction is held open while the third party answers. If the POST
 * fails, everything the operation wrote is put back as it was, so nothing is half-activated.
 */
export class IntegrationActivator {
  constructor(private readonly deps: IntegrationActivatorDeps) {}

  /**
   * Runs `work` in a unit of work; `work` may call `activate` once for the integration `integrationId`
   * (which it may also create or change). A started exchange posts the credentials after the commit.
   * @throws whatever `work` throws; CallbackFailedError (or the exchange's error) after the state was restored
   */
  async run<T>(integrationId: string, work: (activate: Activate) => Promise<T>): Promise<T> {
    const run: { before: StoredImage | null; after: StoredImage | null; started: StartedExchange | null } = { before: null, after: null, started: null };
    const result = await this.deps.unitOfWork.run(async () => {
      run.before = await this.imageOf(integrationId);
      const value = await work(async (integration, intent, graceSeconds = 0) => {
        const outcome = await this.activate(integration, intent, graceSeconds);
        run.started = outcome.started;
        return outcome.result;
      });
      if (run.started !== null) run.after = await this.imageOf(integrationId);
      return value;
    });
    const { before, after, started } = run;
    if (started !== null && before !== null && after !== null) {
      try {
        await this.deps.exchange.sendCredentials(started.integration, started.verifier);
      } catch (error) {
        await this.restore(before, after, integrationId);
        throw error;
      }
    }
    return result;
  }

  /**
   * Local flow (no handshake URLs): replaces any token with a new access token (the replaced one
   * works `graceSeconds` more) and returns the four credentials. Exchange flow: replaces any token
   * with a new verifier token, marks the integration inactive with its exchange window open, and
   * returns the identity link. New credentials take the maximum age (`credentialSettings`).
   */
  private async activate(integration: Integration, intent: 'activate' | 'reauthorize', graceSeconds: number): Promise<{ result: ActivationResult; started: StartedExchange | null }> {
    const { integrations, tokens, clock, random, ids, exchange, credentialSettings } = this.deps;
    const now = clock.now();
    integration.renewExpiry(now, credentialSettings.maxAgeDays);
    if (integration.usesTokenExchange) {
      integration.startTokenExchange(now, intent);
      const identityLinkUrl = await exchange.identityLinkFor(integration);
      const verifier = OAuthToken.issueVerifier({ id: ids.next(), integrationId: integration.id, token: random.token(), secret: random.token(), verifier: random.token(), now });
      await tokens.deleteByIntegrationId(integration.id);
      await tokens.save(verifier);
      await integrations.save(integration);
      return {
        result: { mode: 'exchange', identityLinkUrl, consumerKey: integration.credentials.require('oauth1').key },
        started: { integration, verifier: verifier.verifier ?? '' },
      };
    }
    if (intent === 'activate') integration.activateLocally(now);
    else integration.reauthorizeLocally(now);
    const graceUntil = await this.retireTokens(integration.id, graceSeconds, now);
    const token = OAuthToken.issueAccessToken({ id: ids.next(), integrationId: integration.id, token: random.token(), secret: random.token(), now });
    await tokens.save(token);
    await integrations.save(integration);
    return {
      result: {
        mode: 'local',
        credentials: oauth1CredentialsOf(integration, token),
        ...(graceUntil !== null ? { previousTokenValidUntil: graceUntil } : {}),
      },
      started: null,
    };
  }

  /**
   * Without grace, deletes the integration's tokens. With grace, its usable access tokens stay
   * until the grace ends (`OAuthToken.retireAt`), the rest go.
   * @returns the end of the grace, or null when no token keeps working
   */
  private async retireTokens(integrationId: string, graceSeconds: number, now: Date): Promise<Date | null> {
    const { tokens } = this.deps;
    const held = graceSeconds > 0 ? (await tokens.listByIntegrationId(integrationId)).filter((token) => token.isUsable(now.getTime())) : [];
    await tokens.deleteByIntegrationId(integrationId);
    if (held.length === 0) return null;
    const until = new Date(now.getTime() + graceSeconds * 1000);
    for (const token of held) {
      token.retireAt(until);
      await tokens.save(token);
    }
    return until;
  }

  private async imageOf(integrationId: string): Promise<StoredImage> {
    const { integrations, roles, tokens } = this.deps;
    const integration = await integrations.findById(integrationId);
    if (integration === null) return { integration: null, role: null, tokens: [] };
    const role = await roles.findByIntegrationId(integrationId);
    return {
      integration: integration.toSnapshot(),
      role: role?.toSnapshot() ?? null,
      tokens: (await tokens.listByIntegrationId(integrationId)).map((token) => token.toSnapshot()),
    };
  }

  /**
   * Puts back what the operation wrote, but only if nothing changed since it committed: if the
   * third party already used the verifier, or an admin edited, narrowed or restarted meanwhile, the
   * newer state stands (restoring would undo their change, possibly widening access again).
   */
  private async restore(before: StoredImage, after: StoredImage, id: string): Promise<void> {
    const { integrations, roles, tokens, unitOfWork, clock, events } = this.deps;
    await unitOfWork.run(async () => {
      if (!sameImage(await this.imageOf(id), after)) return;
      const now = clock.now();
      if (before.integration === null) {
        // It did not exist before: it goes with its tokens and role.
        await integrations.delete(id);
        if (after.integration !== null) {
          // What subscribers were told at the first commit is undone: the integration is gone.
          const gone = Integration.restore(after.integration);
          gone.recordTokenExchangeFailed(now);
          gone.markDeleted(now);
          await events.record(gone.pullEvents());
        }
        return;
      }
      await tokens.deleteByIntegrationId(id);
      const restored = Integration.restore(before.integration);
      restored.recordTokenExchangeFailed(now);
      await integrations.save(restored);
      if (before.role !== null) await roles.save(Role.restore(before.role));
      for (const token of before.tokens) await tokens.save(OAuthToken.restore(token));
    });
  }
}

/** Both read from the store in the same way, so equal state serialises equally. */
function sameImage(a: StoredImage, b: StoredImage): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
