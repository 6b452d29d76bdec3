/**
 * Portcullis: third-party integrations and their access to an API, with the semantics of
 * Magento 2's Integrations. `createPortcullis()` returns the use cases wired on in-memory storage.
 */
export { createPortcullis, portcullisFrom, type Portcullis, type PortcullisOptions } from './infrastructure/create-portcullis';
export { type PortcullisConfig } from './infrastructure/config';
export { buildContainer } from './infrastructure/container/build-container';

export { SYSTEM_ACTOR, adminActor, type Actor } from './application/access/actor';
export { type GrantInput, type GrantView } from './application/access/grant-input';
export { type Clock } from './application/ports/clock.port';
export { type RandomSource, type IdGenerator } from './application/ports/random-source.port';
export { type PasswordHasher } from './application/ports/password-hasher.port';
export { type SecretCipher, SecretDecryptionError } from './application/ports/secret-cipher.port';
export { type TokenExchange, TokenExchangeUnavailableError, CallbackFailedError } from './application/ports/token-exchange.port';
export { type HttpPoster, type HttpPostOutcome, type HttpPostOptions } from './application/ports/http-poster.port';
export { type IntegrationView, type IntegrationSummary, type IntegrationCredentials, type ActivationResult } from './application/use-cases/integrations/integration.views';
export { type IntegrationListItem } from './application/use-cases/integrations/list-integrations.use-case';
export {
  type IntegrationUsageReport,
  type GetIntegrationUsageInput,
  type UsageHour,
  type RefusedCalls,
} from './application/use-cases/integrations/get-integration-usage.use-case';
export { type UsageFlushResult } from './application/usage/usage-counter';
export { REFUSAL_REASONS, type RefusalReason } from './domain/usage/usage';
export {
  type DomainEventSubscriber,
  type PortcullisEvent,
  type PortcullisEventName,
  type PortcullisEventNamed,
} from './application/ports/domain-events.port';
export { type DomainEvent } from './domain/kernel/domain-event';
export { AUDIT_ACTIONS, type AuditAction } from './application/audit/audit-actions';
export { type AuditActor, type AuditTarget, type AuditSource, type AuditDetails } from './application/audit/audit-entry';
export { type AuditEntryView } from './application/use-cases/audit/audit.views';
export { type ListAuditEntriesInput } from './application/use-cases/audit/list-audit-entries.use-case';
export { type AuditChainReport, type ChainProblem, type ChainProblemKind } from './application/use-cases/audit/verify-audit-chain.use-case';

export { AclResourceTree, type AclResourceDefinition, type AclResourceSource, type AclResourceNode } from './domain/acl/acl-resource-tree';
export { Grant, type EffectivePermission, type PermissionReason } from './domain/acl/grant.value-object';
export { PortcullisResource } from './domain/acl/portcullis-resources';
export {
  DomainError,
  ERROR_KINDS,
  type ErrorKind,
  MalformedError,
  UnauthenticatedError,
  ForbiddenError,
  NotFoundError,
  ConflictError,
  RuleViolationError,
  UnavailableError,
  UpstreamError,
} from './domain/kernel/domain-error';
export { type Principal, type GuardRequest, type RequiredAccess } from './application/guard/authorize-request.use-case';
export { GuardUnauthenticatedError, IntegrationBearerDisabledError, RouteUndeclaredError } from './application/guard/guard.errors';
export {
  describeGuardFailure,
  type GuardFailure,
  type GuardFailureBody,
  type RouteAccessDeclaration,
} from './application/guard/guard-failure';
export { type GuardEdge } from './infrastructure/create-portcullis';
export {
  portcullisFastifyPlugin,
  type PortcullisFastifyOptions,
  type PortcullisFastifyPlugin,
  type PortcullisFastifyPluginOptions,
  type PortcullisRouteConfig,
} from './adapters/fastify-guard/portcullis-fastify-plugin';
export {
  formBody,
  requireResources,
  type ExpressMiddleware,
  type ExpressNext,
  type ExpressRequest,
  type ExpressResponse,
  type FormBodyOptions,
  type PortcullisExpress,
  type PortcullisExpressOptions,
} from './adapters/express-guard/portcullis-express';
export { RouteTable, type RouteDeclaration, type RouteAccess, type RouteTableOptions } from './application/guard/route-table';
export { readMagentoWebapiXml, loadMagentoWebapiRouteTable, type WebapiXmlFile } from './adapters/config-files/magento-webapi-xml.reader';

// Configuration as code: read ACL trees and integration declarations from files, then sync.
export { loadAclSources, loadIntegrationDeclarations, loadWebapiRouteTable, expandFilePatterns } from './adapters/config-files/config-file-set';
export { readMagentoAclXml } from './adapters/config-files/magento-acl-xml.reader';
export { type IntegrationDeclarationPart, type SourceLocation, type ConfigProblem } from './application/config-sync/config-declarations';
export { ConfigFilesError, NothingDeclaredError } from './application/config-sync/config-sync.errors';
export { type ConfigSyncSummary, type SyncConfigIntegrationsInput } from './application/config-sync/sync-config-integrations.use-case';
