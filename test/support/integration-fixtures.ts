import { type TokenExchange } from '../../src/application/ports/token-exchange.port';
import { type CreateIntegrationInput } from '../../src/application/use-cases/integrations/create-integration.use-case';
import { Grant } from '../../src/domain/acl/grant.value-object';
import { Integration, type NewIntegration } from '../../src/domain/integration/integration.aggregate';
import { Role } from '../../src/domain/role/role.aggregate';
import { UpstreamError } from '../../src/domain/kernel/domain-error';
import { R } from './acl-fixtures';
import { type TestCore } from './test-core';

/** OAuth credentials: 32 characters of [0-9a-z]. */
export const CREDENTIAL = /^[0-9a-z]{32}$/;
export const HANDSHAKE_URLS = { endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login' } as const;

/** Creates an integration through the use case ("Shipping Bridge", Custom: Orders) and returns its id. */
export async function anIntegration(core: TestCore, overrides: Partial<CreateIntegrationInput> = {}): Promise<string> {
  const { integration } = await core.portcullis.integrations.create({
    name: 'Shipping Bridge',
    email: 'ops@shipping.example',
    resourceAccess: 'custom',
    resources: [R.orders],
    ...overrides,
  });
  return integration.id;
}

/** A config integration as the config sync writes it (never through the admin use cases): id `config-1`. */
export async function aConfigIntegration(core: TestCore, options: { recreated?: boolean } = {}): Promise<string> {
  const now = core.clock.now();
  const integration = Integration.create({
    id: 'config-1',
    name: 'Declared In File',
    email: 'vendor@extension.example',
    setupType: 'config',
    credentials: [{ kind: 'oauth1', key: 'c'.repeat(32), secret: 's'.repeat(32) }],
    now,
  });
  if (options.recreated === true) integration.resetByConfiguration(integration.toSnapshot(), 'Its configuration asks for more access.', now);
  await core.integrations.save(integration);
  await core.roles.save(Role.forIntegration({ id: 'config-role-1', integrationId: integration.id, grant: Grant.custom([R.orders]), now }));
  return integration.id;
}

/** Everything stored for one integration, to compare before and after a refused or failed operation. */
export async function storedState(core: TestCore, id: string): Promise<unknown> {
  return {
    integration: (await core.integrations.findById(id))?.toSnapshot() ?? null,
    role: (await core.roles.findByIntegrationId(id))?.toSnapshot() ?? null,
    tokens: (await core.tokens.listByIntegrationId(id)).map((t) => t.toSnapshot()),
  };
}

/** The identity link the test exchanges send the admin to. */
export const identityLinkOf = (integration: Integration): string => `${integration.identityLinkUrl ?? ''}?oauth_consumer_key=${integration.credentials.require('oauth1').key}`;

/** A token exchange whose callback POST succeeds: sends the admin to the identity link. */
export const succeedingExchange: TokenExchange = {
  identityLinkFor: (integration: Integration) => Promise.resolve(identityLinkOf(integration)),
  sendCredentials: () => Promise.resolve(),
};

/** A token exchange whose callback POST fails (the third party is down). */
export const failingExchange: TokenExchange = {
  identityLinkFor: (integration: Integration) => Promise.resolve(identityLinkOf(integration)),
  sendCredentials: () => Promise.reject(new CallbackRefusedError()),
};

/** What a real exchange throws when the third party's callback answers an error. */
export class CallbackRefusedError extends UpstreamError {
  readonly code = 'OAUTH.CALLBACK_FAILED';
  constructor() {
    super('The callback URL answered 503.', { status: 503 });
  }
}

/** The instant new aggregates of `aNewIntegration` are created at. */
export const AGGREGATE_NOW = new Date('2026-03-01T10:00:00Z');

/** An Integration aggregate as `Integration.create` makes it: manual, inactive, with an OAuth 1.0a consumer. */
export function aNewIntegration(overrides: Partial<NewIntegration> = {}): Integration {
  return Integration.create({
    id: 'i-1',
    name: 'ERP',
    email: 'erp@example.com',
    setupType: 'manual',
    credentials: [{ kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) }],
    now: AGGREGATE_NOW,
    ...overrides,
  });
}
