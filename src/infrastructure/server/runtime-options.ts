import { type AclResourceSource } from '../../domain/acl/acl-resource-tree';
import { type PortcullisConfig } from '../config';
import { type ServerConfig } from './server-config';
import { aclSourcesOf, exchangeBaseUrl } from './settings-files';

/**
 * The library options Portcullis is opened with from the operator's settings (environment and
 * `--config` file), for the server and the CLI alike: one mapping, so that a setting cannot reach
 * one and not the other (the CLI once dropped the admin token lifetime, the sign-in lock-out and
 * integration bearer use).
 * @param aclResources the ACL files already read, when the caller needs them too
 */
export function runtimeOptionsOf(config: ServerConfig, aclResources: readonly AclResourceSource[] | undefined = aclFilesOf(config)): PortcullisConfig {
  return {
    database: config.databaseUrl !== undefined ? { url: config.databaseUrl } : {},
    dataDir: config.dataDir,
    ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
    ...(config.redisKeyPrefix !== undefined ? { redisKeyPrefix: config.redisKeyPrefix } : {}),
    ...(config.secretKey !== undefined ? { secretKey: config.secretKey } : {}),
    ...(config.adminTokenLifetimeSeconds !== undefined ? { adminTokenLifetimeSeconds: config.adminTokenLifetimeSeconds } : {}),
    ...(config.signInLockout !== undefined ? { signInLockout: config.signInLockout } : {}),
    // Activation with a token exchange sends this to the third party, from the server or the CLI.
    publicBaseUrl: exchangeBaseUrl(config),
    ...(aclResources !== undefined ? { aclResources } : {}),
    ...(config.oauth !== undefined ? { oauth: config.oauth } : {}),
    ...(config.allowIntegrationBearer !== undefined || config.usageFlushSeconds !== undefined
      ? {
          guard: {
            ...(config.allowIntegrationBearer !== undefined ? { integrationBearer: config.allowIntegrationBearer } : {}),
            ...(config.usageFlushSeconds !== undefined ? { usageFlushSeconds: config.usageFlushSeconds } : {}),
          },
        }
      : {}),
    // Collected unless switched off; only a server serves them (GET /metrics).
    metrics: config.metrics !== 'off',
    ...(config.outboundAllowedNetworks !== undefined ? { outboundAllowedNetworks: config.outboundAllowedNetworks } : {}),
    ...(config.auditRetentionDays !== undefined ? { auditRetentionDays: config.auditRetentionDays } : {}),
    ...(config.credentialsMaxAgeDays !== undefined ? { credentialsMaxAgeDays: config.credentialsMaxAgeDays } : {}),
  };
}

function aclFilesOf(config: ServerConfig): readonly AclResourceSource[] | undefined {
  return config.aclFiles !== undefined ? aclSourcesOf(config.aclFiles) : undefined;
}
