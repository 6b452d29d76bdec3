import { type RateLimitPolicy } from '../../../domain/integration/credential-policy.value-object';
import { type Integration } from '../../../domain/integration/integration.aggregate';
import { type Role } from '../../../domain/role/role.aggregate';

/** The parts of a credential policy to set; absent parts keep their value (open for a new integration). */
export interface CredentialPolicyInput {
  /** Only GET, HEAD and OPTIONS on what the grant allows (the integration's role becomes read-only). */
  readonly readOnly?: boolean;
  /** Calls are refused from then on; null: never. */
  readonly expiresAt?: Date | null;
  /** CIDR ranges (IPv4, IPv6) calls may come from; empty: anywhere. */
  readonly allowedIps?: readonly string[];
  /** Null: no limit. */
  readonly rateLimit?: RateLimitPolicy | null;
}

/**
 * Applies `input` to an integration and its role (read-only lives in the role). Validation
 * happens first, so a bad value changes neither.
 * @throws InvalidValueError as `CredentialPolicy.of`
 * @throws IntegrationConfigManagedError an admin changing a config integration (`by` admin)
 */
export function applyPolicyInput(integration: Integration, role: Role, input: CredentialPolicyInput | undefined, now: Date, by: 'admin' | 'configuration'): void {
  if (input === undefined) return;
  const { readOnly, ...parts } = input;
  integration.changePolicy(parts, now, by);
  if (readOnly !== undefined) role.changeReadOnly(readOnly, now);
}
