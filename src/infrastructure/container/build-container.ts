import 'reflect-metadata';
import { Container, ContainerModule } from 'inversify';
import { ACL_TREE_PROVIDER } from '../../application/ports/acl-tree.port';
import { CLOCK } from '../../application/ports/clock.port';
import { PASSWORD_HASHER } from '../../application/ports/password-hasher.port';
import { ID_GENERATOR, RANDOM_SOURCE } from '../../application/ports/random-source.port';
import { HMAC } from '../../application/ports/hmac.port';
import { HTTP_POSTER, type HttpPoster } from '../../application/ports/http-poster.port';
import { TOKEN_EXCHANGE } from '../../application/ports/token-exchange.port';
import { CallbackTokenExchange } from '../../application/oauth/callback-token-exchange';
import { OAUTH_SETTINGS } from '../../application/oauth/oauth.settings';
import { NodeHmac } from '../../adapters/crypto/node-hmac';
import { NodeHttpPoster } from '../../adapters/outbound-http/node-http-poster';
import { ADMIN_AUTH_SETTINGS } from '../../application/use-cases/admin-auth/admin-auth.settings';
import { CryptoRandomSource, RandomUuidGenerator } from '../../adapters/crypto/crypto-random-source';
import { ScryptPasswordHasher } from '../../adapters/crypto/scrypt-password-hasher';
import { FixedAclTreeProvider } from '../../adapters/in-memory/fixed-acl-tree.provider';
import { NoTokenExchange } from '../../adapters/system/no-token-exchange';
import { SystemClock } from '../../adapters/system/system-clock';
import { AclResourceTree } from '../../domain/acl/acl-resource-tree';
import { PORTCULLIS_ACL_SOURCE } from '../../domain/acl/portcullis-resources';
import { LOGIN_SUCCESS_PATH } from '../../adapters/http/routes/oauth.routes';
import { aclSourcesOf, adminAuthSettingsOf, guardSettingsOf, credentialSettingsOf, metricsOn, oauthSettingsOf, outboundAddressPolicyOf, publicBaseUrlOf, type PortcullisConfig } from '../config';
import { GUARD_SETTINGS } from '../../application/guard/guard.settings';
import { CREDENTIAL_SETTINGS } from '../../application/credentials/credential.settings';
import { GUARD_DECISIONS, NO_GUARD_DECISIONS } from '../../application/ports/guard-decisions.port';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics';
import { coreModule } from './core.module';
import { oauthModule } from './oauth.module';
import { inMemoryStorageModule } from './in-memory-storage.module';
import { eventsModule } from './events.module';
import { METRICS } from './tokens';
import { auditModule } from './audit.module';

/** Clock, randomness, hashing, the ACL tree, the token exchange and the metrics, from config or defaults. */
function technicalModule(config: PortcullisConfig): ContainerModule {
  // Built here, so a bad resource definition fails at start-up with the offending id and source.
  const tree = AclResourceTree.build([...aclSourcesOf(config), PORTCULLIS_ACL_SOURCE]);
  const oauth = oauthSettingsOf(config);
  const guard = guardSettingsOf(config);
  const poster: HttpPoster = config.httpPoster ?? new NodeHttpPoster({ policy: outboundAddressPolicyOf(config) });
  const publicBaseUrl = publicBaseUrlOf(config);
  const metrics = metricsOn(config) ? new PrometheusMetrics() : null;
  const exchange =
    config.tokenExchange ??
    (publicBaseUrl !== undefined
      ? new CallbackTokenExchange(poster, {
          storeBaseUrl: `${publicBaseUrl}/`,
          successCallbackUrl: `${publicBaseUrl}${LOGIN_SUCCESS_PATH}`,
          timeoutMs: oauth.callbackTimeoutMs,
        })
      : new NoTokenExchange());
  return new ContainerModule(({ bind }) => {
    bind(CLOCK).toConstantValue(config.clock ?? new SystemClock());
    bind(RANDOM_SOURCE).toConstantValue(config.random ?? new CryptoRandomSource());
    bind(ID_GENERATOR).toConstantValue(config.ids ?? new RandomUuidGenerator());
    bind(PASSWORD_HASHER).toConstantValue(config.passwordHasher ?? new ScryptPasswordHasher());
    bind(HMAC).toConstantValue(new NodeHmac());
    bind(HTTP_POSTER).toConstantValue(poster);
    bind(TOKEN_EXCHANGE).toConstantValue(exchange);
    bind(OAUTH_SETTINGS).toConstantValue(oauth);
    bind(GUARD_SETTINGS).toConstantValue(guard);
    bind(CREDENTIAL_SETTINGS).toConstantValue(credentialSettingsOf(config));
    bind(METRICS).toConstantValue(metrics);
    bind(GUARD_DECISIONS).toConstantValue(metrics ?? NO_GUARD_DECISIONS);
    bind(ACL_TREE_PROVIDER).toConstantValue(new FixedAclTreeProvider(tree));
    bind(ADMIN_AUTH_SETTINGS).toConstantValue(adminAuthSettingsOf(config));
  });
}

/**
 * The one composition root: every adapter bound to its port, every use case to its class.
 * Storage is in-memory unless a storage module (see `persistenceModule`) is given; either way its
 * unit of work and repositories publish domain events (see `eventsModule`).
 */
export function buildContainer(config: PortcullisConfig = {}, storage: ContainerModule = inMemoryStorageModule): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.loadSync(technicalModule(config), eventsModule(config), auditModule(config), storage, coreModule, oauthModule);
  return container;
}
