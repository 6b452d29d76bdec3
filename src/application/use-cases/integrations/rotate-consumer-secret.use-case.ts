import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { type ActionOnRecord } from '../../access/actor';
import { MAX_GRACE_SECONDS } from '../../credentials/credential.settings';
import { toIntegrationView, type IntegrationView } from './integration.views';
import { type IntegrationServices } from './integration.services';

export interface RotateConsumerSecretInput extends ActionOnRecord {
  /** How long the old secret keeps working, 0 to 7 days in seconds (default 0: refused at once). */
  readonly graceSeconds?: number;
}

export interface RotateConsumerSecretOutput {
  readonly integration: IntegrationView;
  readonly consumerKey: string;
  /** The new secret, shown once. */
  readonly consumerSecret: string;
  /** When the old secret stops working (now without grace). */
  readonly previousSecretValidUntil: Date;
}

export type RotateConsumerSecretDeps = Pick<IntegrationServices, 'integrations' | 'unitOfWork' | 'access' | 'clock' | 'random' | 'credentialSettings'>;

/**
 * Replaces an integration's OAuth 1.0a consumer secret (the key stays), keeping the old one
 * valid for a grace period so the third party can switch without an outage. The access token is
 * untouched; a revocation ends the grace at once. The new secret restarts the maximum credential age.
 */
export class RotateConsumerSecret {
  constructor(private readonly deps: RotateConsumerSecretDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws PrivilegeEscalationError when the integration has access the actor lacks
   * @throws InvalidValueError for a grace period outside 0–604800 seconds
   */
  async execute(input: RotateConsumerSecretInput): Promise<RotateConsumerSecretOutput> {
    const { integrations, unitOfWork, access, clock, random, credentialSettings } = this.deps;
    const graceSeconds = validGraceSeconds(input.graceSeconds);
    return unitOfWork.run(async () => {
      const { integration, role } = await access.load(input, 'rotate the secret of');
      const now = clock.now();
      integration.rotateConsumerSecret(random.token(), graceSeconds, now);
      integration.renewExpiry(now, credentialSettings.maxAgeDays);
      await integrations.save(integration);
      const consumer = integration.credentials.require('oauth1');
      return {
        integration: toIntegrationView(integration, role),
        consumerKey: consumer.key,
        consumerSecret: consumer.secret,
        previousSecretValidUntil: new Date(now.getTime() + graceSeconds * 1000),
      };
    });
  }
}

/**
 * A grace period in whole seconds, 0 to 7 days; 0 when absent.
 * @throws InvalidValueError (VALIDATION.GRACE_PERIOD)
 */
export function validGraceSeconds(value: number | undefined): number {
  if (value === undefined) return 0;
  if (!Number.isInteger(value) || value < 0 || value > MAX_GRACE_SECONDS) {
    throw new InvalidValueError('VALIDATION.GRACE_PERIOD', `"graceSeconds" must be a whole number of seconds from 0 to ${MAX_GRACE_SECONDS} (7 days).`, {
      field: 'graceSeconds',
      value: String(value).slice(0, 32),
    });
  }
  return value;
}
