import { CredentialPolicy } from '../../../domain/integration/credential-policy.value-object';
import { type SecretCipher } from '../../../application/ports/secret-cipher.port';
import {
  Integration,
  type IntegrationStatus,
  type SetupType,
} from '../../../domain/integration/integration.aggregate';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { type ConsumerRow, type IntegrationRow } from '../schemas/rows';

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
    },
    consumer: {
      integrationId: s.id,
      consumerKey: consumer.key,
      secret: cipher.encrypt(consumer.secret),
      exchangeStartedAt: s.exchangeStartedAt,
      createdAt: s.createdAt,
    },
  };
}

/** @throws SecretDecryptionError when the consumer secret was written with another key. */
export function integrationToDomain(row: IntegrationRow, consumer: ConsumerRow, cipher: SecretCipher): Integration {
  return Integration.restore({
    id: row.id,
    name: row.name,
    email: row.email,
    endpoint: row.endpoint,
    identityLinkUrl: row.identityLinkUrl,
    status: row.status as IntegrationStatus,
    setupType: row.setupType as SetupType,
    credentials: [{ kind: 'oauth1', key: consumer.consumerKey, secret: cipher.decrypt(consumer.secret) }],
    exchangeStartedAt: consumer.exchangeStartedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    lastUsedAt: row.lastUsedAt,
    statusReason: row.statusReason,
    policy: CredentialPolicy.open().toSnapshot(),
    // MariaDB answers a BOOLEAN column as 0/1.
    orphaned: Boolean(row.orphaned),
  });
}
