import { type DomainEventsOf } from '../kernel/domain-event';

/** The details of an integration an admin or a declaration can change. */
export type IntegrationDetailField = 'name' | 'email' | 'endpoint' | 'identityLinkUrl';

/** The parts of an integration's credential policy (`CredentialPolicy`). */
export type IntegrationPolicyField = 'expiresAt' | 'allowedIps' | 'rateLimit';

/** Every integration event names the integration, as it is after the change. */
interface IntegrationRef {
  readonly integrationName: string;
}

/** What an Integration records: each event's name and payload. */
export type IntegrationEvent = DomainEventsOf<{
  /** Registered by an admin, the API or the CLI (`manual`), or declared in a configuration file (`config`); inactive. */
  IntegrationCreated: IntegrationRef & { readonly setupType: 'manual' | 'config' };

  /**
   * Name, email or URLs changed, by an admin or by a declaration that needs no new consent (or a
   * declaration that is back after being removed).
   */
  IntegrationDetailsChanged: IntegrationRef & {
    readonly by: 'admin' | 'configuration';
    /** Which fields changed (their values are not part of the event: a URL's query may hold a secret); empty for a declaration that is back. */
    readonly changed: readonly IntegrationDetailField[];
    /** The name before the change (the same as `integrationName` unless `name` changed). */
    readonly previousName: string;
  };

  /**
   * The integration became active: at once (`local`, its access token issued with it) or when the
   * third party obtained its access token at the end of the token exchange (`token-exchange`).
   */
  IntegrationActivated: IntegrationRef & { readonly via: 'local' | 'token-exchange' };

  /** Its credentials were reauthorized locally: consumer key and secret stay, the access token is replaced. */
  IntegrationReauthorized: IntegrationRef;

  /**
   * The OAuth token exchange started (for activation or reauthorization): the integration is
   * inactive, its earlier tokens gone, until the third party obtains its access token.
   */
  IntegrationTokenExchangeStarted: IntegrationRef & { readonly intent: 'activate' | 'reauthorize' };

  /**
   * The token exchange could not deliver the credentials to the third party, so what the operation
   * had committed (the integration, its grant and tokens) was put back as it was before; an
   * integration the operation had created is gone (`IntegrationDeleted` is recorded as well).
   */
  IntegrationTokenExchangeFailed: IntegrationRef;

  /** An admin (or the system) was shown its credentials: consumer key and secret, access token and secret (none of them part of the event). */
  IntegrationCredentialsViewed: IntegrationRef;

  /** Access withdrawn (revoked): its tokens no longer authenticate; inactive until activated again. */
  IntegrationDeactivated: IntegrationRef;

  /** Its declaration asks for more than was consented to: status `reset`, tokens revoked, to be activated again. */
  IntegrationResetByConfiguration: IntegrationRef & { readonly reason: string };

  /** No configuration file declares it any more: deactivated (tokens revoked) and kept. */
  IntegrationOrphaned: IntegrationRef;

  /** Its credential policy changed (which parts; their values are in its history, not the event). */
  IntegrationPolicyChanged: IntegrationRef & { readonly by: 'admin' | 'configuration'; readonly changed: readonly IntegrationPolicyField[] };

  /** Its consumer secret was replaced; the old one works `graceSeconds` more (0: refused at once). */
  IntegrationConsumerSecretRotated: IntegrationRef & { readonly graceSeconds: number };

  /** Deleted with its consumer, tokens and role. */
  IntegrationDeleted: IntegrationRef;
}>;
