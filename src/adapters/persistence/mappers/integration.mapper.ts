import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import { type OAuth1Consumer } from '../../../domain/credentials/oauth1-consumer';
import { type CredentialPolicySnapshot } from '../../../domain/integration/credential-policy.value-object';
import {
  Integration,
  type IntegrationStatus,
  type SetupType,
} from '../../../domain/integration/integration.aggregate';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { type ConsumerRow, type IntegrationRow } from '../schemas/rows';

/** The integration columns of a credential policy. */
export type PolicyColumns = Pick<IntegrationRow, 'credentialsExpireAt' | 'allowedIps' | 'rateLimit' | 'rateLimitWindowSeconds'>;

export function integrationToRows(integration: Integration, cipher: SecretCipher): { integration: IntegrationRow; consumer: ConsumerRow } {
  const s = integration.toSnapshot();
  const consumer = integration.credentials.require('oauth1');
  return {
    integration: {
      id: s.id,
      name: s.name,
      nameKey: IntegrationName.keyOf(s.name),
      email: s.email,
      endpoint: s.endpoint,
      identityLinkUrl: s.identityLinkUrl,
      status: s.status,
      setupType: s.setupType,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      lastUsedAt: s.lastUsedAt,
      statusReason: s.statusReason,
      orphaned: s.orphaned,
      ...policyToColumns(s.policy),
    },
    consumer: {
      integrationId: s.id,
      consumerKey: consumer.key,
      secret: cipher.encrypt(consumer.secret),
      previousSecret: consumer.previous === undefined ? null : cipher.encrypt(consumer.previous.secret),
      previousSecretUntil: consumer.previous?.until ?? null,
      exchangeStartedAt: s.exchangeStartedAt,
      createdAt: s.createdAt,
    },
  };
}

/**
 * @throws SecretDecryptionError when a consumer secret was written with another key.
 * @throws InvalidValueError when a stored allowed range no longer parses (as `CredentialPolicy.of`).
 */
export function integrationToDomain(row: IntegrationRow, consumer: ConsumerRow, cipher: SecretCipher): Integration {
  return Integration.restore({
    id: row.id,
    name: row.name,
    email: row.email,
    endpoint: row.endpoint,
    identityLinkUrl: row.identityLinkUrl,
    status: row.status as IntegrationStatus,
    setupType: row.setupType as SetupType,
    credentials: [consumerToDomain(consumer, cipher)],
    exchangeStartedAt: consumer.exchangeStartedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastUsedAt: row.lastUsedAt,
    statusReason: row.statusReason,
    policy: policyFromColumns(row),
    // MariaDB answers a BOOLEAN column as 0/1.
    orphaned: Boolean(row.orphaned),
  });
}

/** The policy as stored: an open allowlist as NULL, a rate limit in two columns. */
export function policyToColumns(policy: CredentialPolicySnapshot): PolicyColumns {
  return {
    credentialsExpireAt: policy.expiresAt,
    allowedIps: policy.allowedIps.length === 0 ? null : JSON.stringify(policy.allowedIps),
    rateLimit: policy.rateLimit?.limit ?? null,
    rateLimitWindowSeconds: policy.rateLimit?.windowSeconds ?? null,
  };
}

/** The stored policy as it was written (not validated: `Integration.restore` does that). */
export function policyFromColumns(columns: PolicyColumns): CredentialPolicySnapshot {
  const { credentialsExpireAt, allowedIps, rateLimit, rateLimitWindowSeconds } = columns;
  return {
    expiresAt: credentialsExpireAt,
    allowedIps: allowedIps === null ? [] : (JSON.parse(allowedIps) as string[]),
    rateLimit: rateLimit === null || rateLimitWindowSeconds === null ? null : { limit: rateLimit, windowSeconds: rateLimitWindowSeconds },
  };
}

function consumerToDomain(row: ConsumerRow, cipher: SecretCipher): OAuth1Consumer {
  const consumer: OAuth1Consumer = { kind: 'oauth1', key: row.consumerKey, secret: cipher.decrypt(row.secret) };
  if (row.previousSecret === null || row.previousSecretUntil === null) return consumer;
  return { ...consumer, previous: { secret: cipher.decrypt(row.previousSecret), until: row.previousSecretUntil } };
}
