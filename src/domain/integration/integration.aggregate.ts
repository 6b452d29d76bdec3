import { type Credential } from '../credentials/credential';
import { Credentials } from '../credentials/credentials.value-object';
import { AggregateRoot } from '../kernel/aggregate-root';
import { EmailAddress } from '../kernel/email.value-object';
import { HttpUrl } from '../kernel/http-url.value-object';
import {
  IntegrationAlreadyActiveError,
  IntegrationConfigManagedError,
  IntegrationHasNoTokenExchangeError,
  IntegrationNotActivatedError,
  IntegrationNotInExchangeError,
  IntegrationOrphanedError,
  IntegrationUsesTokenExchangeError,
} from './integration.errors';
import { CredentialPolicy, type CredentialPolicyChange, type CredentialPolicySnapshot } from './credential-policy.value-object';
import { IntegrationName } from './integration-name.value-object';
import { type IntegrationDetailField, type IntegrationEvent, type IntegrationPolicyField } from './integration.events';

/** `reset`: a config integration re-created because its file changed (Magento status 2, "Reset"). */
export type IntegrationStatus = 'inactive' | 'active' | 'reset';
/** `manual`: created by an admin, the API or the CLI; `config`: declared in a configuration file. */
export type SetupType = 'manual' | 'config';

/** The plain, editable details of an integration as they come from a form, API or file. */
export interface IntegrationDetails {
  readonly name: string;
  readonly email: string;
  readonly endpoint?: string | null;
  readonly identityLinkUrl?: string | null;
}

export interface IntegrationSnapshot {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly endpoint: string | null;
  readonly identityLinkUrl: string | null;
  readonly status: IntegrationStatus;
  readonly setupType: SetupType;
  /** What it authenticates with (today an OAuth 1.0a consumer), one of each kind. */
  readonly credentials: readonly Credential[];
  /** Start of the current token-exchange window (Magento `oauth_consumer.updated_at`), if any. */
  readonly exchangeStartedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly lastUsedAt: Date | null;
  /**
   * Why the configuration sync set the current status (reset: what widened; orphaned: the
   * declaration is gone); null otherwise. Cleared when an admin activates it.
   */
  readonly statusReason: string | null;
  /** A config integration that no configuration file declares any more (deactivated, kept). */
  readonly orphaned: boolean;
  /** Expiry, client addresses and rate limit of its credentials (`CredentialPolicy`). */
  readonly policy: CredentialPolicySnapshot;
}

export interface NewIntegration extends IntegrationDetails {
  readonly id: string;
  readonly setupType: SetupType;
  /** Issued by the caller (`issueCredentials`). */
  readonly credentials: readonly Credential[];
  /** Open (no expiry, any address, no limit) when absent. */
  readonly policy?: CredentialPolicy;
  readonly now: Date;
}

/**
 * A third party's access to the API: who it is, where the handshake goes, its status and its
 * credentials (`Credentials`, of any kind). Its resource access lives in its own role (see
 * `Role.forIntegration`); its tokens are `OAuthToken`s. Its mutators record what happened
 * (`IntegrationEvent`, src/domain/integration/integration.events.ts).
 */
export class Integration extends AggregateRoot<IntegrationSnapshot, IntegrationEvent> {
  /** The credentials of `state`, as a value object (the guard reads them on every call). */
  private credentialSet: Credentials;
  /** The policy of `state`, as a value object (the guard reads it on every call). */
  private currentPolicy: CredentialPolicy;

  private constructor(state: IntegrationSnapshot) {
    super(state);
    this.credentialSet = Credentials.of(state.credentials);
    this.currentPolicy = CredentialPolicy.of(state.policy);
  }

  /**
   * @throws InvalidValueError for a blank or too long name, a bad email or a non-http(s) URL
   *   (the error names the field and the value).
   * @throws CredentialKindRepeatedError for two credentials of one kind
   */
  static create(input: NewIntegration): Integration {
    const details = validateDetails(input);
    const integration = new Integration({
      id: input.id,
      ...details,
      status: 'inactive',
      setupType: input.setupType,
      credentials: input.credentials,
      exchangeStartedAt: null,
      createdAt: input.now,
      updatedAt: input.now,
      lastUsedAt: null,
      statusReason: null,
      orphaned: false,
      policy: (input.policy ?? CredentialPolicy.open()).toSnapshot(),
    });
    integration.record('IntegrationCreated', input.now, { ...integration.ref(), setupType: input.setupType });
    return integration;
  }

  /** Rebuilds a stored integration; records nothing. */
  static restore(snapshot: IntegrationSnapshot): Integration {
    return new Integration({ ...snapshot });
  }

  toSnapshot(): IntegrationSnapshot {
    return { ...this.state, credentials: this.credentialSet.toSnapshot(), policy: this.currentPolicy.toSnapshot() };
  }

  get name(): string {
    return this.state.name;
  }
  get status(): IntegrationStatus {
    return this.state.status;
  }
  get setupType(): SetupType {
    return this.state.setupType;
  }
  /** What it authenticates with: `credentials.require('oauth1')` for its OAuth 1.0a consumer. */
  get credentials(): Credentials {
    return this.credentialSet;
  }
  get endpoint(): string | null {
    return this.state.endpoint;
  }
  get identityLinkUrl(): string | null {
    return this.state.identityLinkUrl;
  }
  /** Expiry, client addresses and rate limit of its credentials. */
  get policy(): CredentialPolicy {
    return this.currentPolicy;
  }
  get email(): string {
    return this.state.email;
  }
  get statusReason(): string | null {
    return this.state.statusReason;
  }
  get isOrphaned(): boolean {
    return this.state.orphaned;
  }

  get isConfigManaged(): boolean {
    return this.state.setupType === 'config';
  }

  /** Only an active integration's access token authenticates API calls. */
  get isActive(): boolean {
    return this.state.status === 'active';
  }

  /** An `http:` callback URL or identity link (Magento's "Integration not secure"). */
  get isNotSecure(): boolean {
    return [this.state.endpoint, this.state.identityLinkUrl].some((url) => url !== null && /^http:/i.test(url));
  }

  /** The OAuth handshake is used only when both the callback URL and the identity link are set. */
  get usesTokenExchange(): boolean {
    return this.state.endpoint !== null && this.state.identityLinkUrl !== null;
  }

  /**
   * Changes name, email and URLs. The caller checks the new name is free.
   * @throws IntegrationConfigManagedError for a config integration (only the config sync edits it)
   * @throws InvalidValueError as `create`.
   */
  update(details: IntegrationDetails, now: Date): void {
    this.assertManuallyManaged('edit');
    const valid = validateDetails(details);
    const changed = this.changedFields(valid);
    const previousName = this.state.name;
    this.state = { ...this.state, ...valid, updatedAt: now };
    if (changed.length > 0) this.record('IntegrationDetailsChanged', now, { ...this.ref(), by: 'admin', changed, previousName });
  }

  /**
   * A new integration declared in a configuration file (inactive until an admin activates it).
   * @throws InvalidValueError as `create`.
   */
  static declare(input: Omit<NewIntegration, 'setupType'>): Integration {
    return Integration.create({ ...input, setupType: 'config' });
  }

  /**
   * Applies a declaration whose changes need no new consent (contact details, narrower access):
   * the status stays. A declaration that is back after being removed makes it declared again;
   * it stays inactive until an admin activates it.
   * @throws InvalidValueError as `create`.
   */
  applyConfiguration(details: IntegrationDetails, now: Date): void {
    const redeclared = this.state.orphaned ? { orphaned: false, statusReason: null } : {};
    const valid = validateDetails(details);
    const changed = this.changedFields(valid);
    const wasOrphaned = this.state.orphaned;
    const previousName = this.state.name;
    this.state = { ...this.state, ...valid, ...redeclared, updatedAt: now };
    if (changed.length > 0 || wasOrphaned) this.record('IntegrationDetailsChanged', now, { ...this.ref(), by: 'configuration', changed, previousName });
  }

  /**
   * Applies a declaration that asks for more than was consented to (wider access, another callback
   * URL or identity link): status `reset` (Magento "Reset"), the caller revokes the tokens, and an
   * admin must activate it again.
   * @throws InvalidValueError as `create`.
   */
  resetByConfiguration(details: IntegrationDetails, reason: string, now: Date): void {
    this.state = {
      ...this.state,
      ...validateDetails(details),
      status: 'reset',
      exchangeStartedAt: null,
      statusReason: reason,
      orphaned: false,
      updatedAt: now,
    };
    this.record('IntegrationResetByConfiguration', now, { ...this.ref(), reason });
  }

  /**
   * Its declaration is gone from the configuration files: deactivated (the caller revokes its
   * tokens) and kept, so that an admin can see it and delete it.
   */
  orphan(now: Date): void {
    this.state = {
      ...this.state,
      status: 'inactive',
      exchangeStartedAt: null,
      statusReason: 'No configuration file declares it any more.',
      orphaned: true,
      updatedAt: now,
    };
    this.record('IntegrationOrphaned', now, this.ref());
  }

  /**
   * Guards every admin change (details, grant, deletion) of a config integration. An orphaned one
   * may be deleted (its extension is gone).
   * @throws IntegrationConfigManagedError
   */
  assertManuallyManaged(action: 'edit' | 'delete'): void {
    if (action === 'delete' && this.state.orphaned) return;
    if (this.isConfigManaged) throw new IntegrationConfigManagedError(this.state.name, action);
  }

  /** @throws IntegrationOrphanedError when no configuration file declares it any more. */
  private assertDeclared(): void {
    if (this.state.orphaned) throw new IntegrationOrphanedError(this.state.name);
  }

  /**
   * Local activation: the caller issues the access token at once; the integration is active.
   * @throws IntegrationUsesTokenExchangeError when the handshake must be used instead
   * @throws IntegrationAlreadyActiveError when active (reauthorize instead)
   */
  activateLocally(now: Date): void {
    this.assertDeclared();
    if (this.usesTokenExchange) throw new IntegrationUsesTokenExchangeError(this.state.name);
    if (this.state.status === 'active') throw new IntegrationAlreadyActiveError(this.state.name);
    this.state = { ...this.state, status: 'active', exchangeStartedAt: null, statusReason: null, updatedAt: now };
    this.record('IntegrationActivated', now, { ...this.ref(), via: 'local' });
  }

  /**
   * Local reauthorization: consumer key and secret stay, the caller replaces the access token.
   * A `reset` integration may be reauthorized (Magento shows it "Activate" but reauthorizes).
   * @throws IntegrationUsesTokenExchangeError when the handshake must be used instead
   * @throws IntegrationNotActivatedError when it was never activated
   */
  reauthorizeLocally(now: Date): void {
    this.assertDeclared();
    if (this.usesTokenExchange) throw new IntegrationUsesTokenExchangeError(this.state.name);
    if (this.state.status === 'inactive') throw new IntegrationNotActivatedError(this.state.name);
    this.state = { ...this.state, status: 'active', exchangeStartedAt: null, statusReason: null, updatedAt: now };
    this.record('IntegrationReauthorized', now, this.ref());
  }

  /**
   * Starts (or restarts) the token exchange for activation or reauthorization: the integration is
   * inactive until the third party obtains its access token; the exchange window opens now.
   * An interrupted handshake may simply be started again.
   * @throws IntegrationHasNoTokenExchangeError when the callback URL or identity link is missing
   * @throws IntegrationAlreadyActiveError activating an active integration (reauthorize instead)
   * @throws IntegrationNotActivatedError reauthorizing one that was never activated
   */
  startTokenExchange(now: Date, intent: 'activate' | 'reauthorize'): void {
    this.assertDeclared();
    if (!this.usesTokenExchange) throw new IntegrationHasNoTokenExchangeError(this.state.name);
    if (intent === 'activate' && this.state.status === 'active') throw new IntegrationAlreadyActiveError(this.state.name);
    if (intent === 'reauthorize' && this.state.status === 'inactive' && this.state.exchangeStartedAt === null) {
      throw new IntegrationNotActivatedError(this.state.name);
    }
    this.state = { ...this.state, status: 'inactive', exchangeStartedAt: now, updatedAt: now };
    this.record('IntegrationTokenExchangeStarted', now, { ...this.ref(), intent });
  }

  /** A token exchange was started and has not completed (the integration waits for its access token). */
  get isInTokenExchange(): boolean {
    return this.state.exchangeStartedAt !== null;
  }

  /** True while the third party may still ask for a request token (Magento: 300 s by default). */
  isExchangeWindowOpen(now: Date, windowSeconds: number): boolean {
    const started = this.state.exchangeStartedAt;
    return started !== null && now.getTime() - started.getTime() <= windowSeconds * 1000;
  }

  /**
   * The third party obtained its access token: the integration becomes active.
   * @throws IntegrationNotInExchangeError when no exchange was started
   */
  completeTokenExchange(now: Date): void {
    if (this.state.exchangeStartedAt === null) throw new IntegrationNotInExchangeError(this.state.name);
    this.state = { ...this.state, status: 'active', exchangeStartedAt: null, statusReason: null, updatedAt: now };
    this.record('IntegrationActivated', now, { ...this.ref(), via: 'token-exchange' });
  }

  /**
   * Access withdrawn (the caller revokes its tokens): the integration is inactive until an admin
   * activates it again. A handshake under way is abandoned.
   */
  deactivate(now: Date): void {
    this.state = { ...this.state, status: 'inactive', exchangeStartedAt: null, updatedAt: now };
    this.record('IntegrationDeactivated', now, this.ref());
  }

  /**
   * The token exchange could not deliver the credentials, and the caller put back what the
   * operation had committed (this integration is the stored one before it).
   */
  recordTokenExchangeFailed(now: Date): void {
    this.record('IntegrationTokenExchangeFailed', now, this.ref());
  }

  /**
   * Records its deletion (`IntegrationDeleted`). The caller deletes it from the repository in the
   * same unit of work and hands the event over (`pullEvents`), since a deletion saves nothing.
   */
  markDeleted(now: Date): void {
    this.record('IntegrationDeleted', now, this.ref());
  }

  /**
   * Records that its credentials were shown (`IntegrationCredentialsViewed`). The caller hands the
   * event over (`pullEvents`), since showing saves nothing.
   */
  recordCredentialsViewed(now: Date): void {
    this.record('IntegrationCredentialsViewed', now, this.ref());
  }

  /**
   * Replaces the parts of its credential policy that `change` names, by an admin (a manual
   * integration only) or by its declaration (the caller decides whether the change widens access).
   * @throws IntegrationConfigManagedError an admin changing a config integration's policy
   * @throws InvalidValueError as `CredentialPolicy.of`
   */
  changePolicy(change: CredentialPolicyChange, now: Date, by: 'admin' | 'configuration'): void {
    if (by === 'admin') this.assertManuallyManaged('edit');
    const policy = this.currentPolicy.with(change);
    if (policy.equals(this.currentPolicy)) return;
    const changed = POLICY_FIELDS.filter((field) => JSON.stringify(policy.toSnapshot()[field]) !== JSON.stringify(this.currentPolicy.toSnapshot()[field]));
    this.currentPolicy = policy;
    this.state = { ...this.state, updatedAt: now };
    this.record('IntegrationPolicyChanged', now, { ...this.ref(), by, changed });
  }

  /**
   * New credentials were issued (activation, reauthorization, a rotated secret): under a maximum
   * credential age (the server's `credentialsMaxAgeDays`) they expire that many days from now,
   * unless its own expiry is earlier and still ahead.
   */
  renewExpiry(now: Date, maxAgeDays: number | null): void {
    if (maxAgeDays === null) return;
    const current = this.currentPolicy.expiresAt;
    const renewed = now.getTime() + maxAgeDays * 86_400_000;
    // An expiry of its own that is still ahead and earlier stays: the maximum age never loosens it.
    if (current !== null && current.getTime() > now.getTime() && current.getTime() <= renewed) return;
    this.currentPolicy = this.currentPolicy.with({ expiresAt: new Date(renewed) });
    this.state = { ...this.state, updatedAt: now };
  }

  /**
   * Replaces the OAuth 1.0a consumer secret with `secret`; the old one is still accepted for
   * `graceSeconds` (none: at once refused). The key stays.
   * A config integration's secret may be rotated too (its declaration does not hold secrets).
   */
  rotateConsumerSecret(secret: string, graceSeconds: number, now: Date): void {
    const consumer = this.credentialSet.require('oauth1');
    const until = new Date(now.getTime() + graceSeconds * 1000);
    const current = { kind: consumer.kind, key: consumer.key, secret };
    this.credentialSet = this.credentialSet.with(graceSeconds > 0 ? { ...current, previous: { secret: consumer.secret, until } } : current);
    this.state = { ...this.state, updatedAt: now };
    this.record('IntegrationConsumerSecretRotated', now, { ...this.ref(), graceSeconds });
  }

  /** Ends any grace period of a rotated-out consumer secret (a revocation cuts everything at once). */
  endSecretGrace(now: Date): void {
    const consumer = this.credentialSet.get('oauth1');
    if (consumer?.previous === undefined) return;
    this.credentialSet = this.credentialSet.with({ kind: consumer.kind, key: consumer.key, secret: consumer.secret });
    this.state = { ...this.state, updatedAt: now };
  }

  /** A successful API call by this integration. */
  recordUse(now: Date): void {
    this.state = { ...this.state, lastUsedAt: now };
  }

  /** The detail fields `details` would change, in a fixed order. */
  private changedFields(details: ReturnType<typeof validateDetails>): IntegrationDetailField[] {
    return DETAIL_FIELDS.filter((field) => details[field] !== this.state[field]);
  }

  /** What every integration event says of it: its name, as it is after the change. */
  private ref(): { readonly integrationName: string } {
    return { integrationName: this.state.name };
  }
}

const DETAIL_FIELDS: readonly IntegrationDetailField[] = ['name', 'email', 'endpoint', 'identityLinkUrl'];
const POLICY_FIELDS: readonly IntegrationPolicyField[] = ['expiresAt', 'allowedIps', 'rateLimit'];

function validateDetails(details: IntegrationDetails): Pick<IntegrationSnapshot, 'name' | 'email' | 'endpoint' | 'identityLinkUrl'> {
  return {
    name: IntegrationName.create(details.name).value,
    email: EmailAddress.create(details.email).value,
    endpoint: HttpUrl.createOptional(details.endpoint, 'endpoint')?.value ?? null,
    identityLinkUrl: HttpUrl.createOptional(details.identityLinkUrl, 'identityLinkUrl')?.value ?? null,
  };
}
