import { Integration, type NewIntegration } from '../../../../src/domain/integration/integration.aggregate';
import { AGGREGATE_NOW, aNewIntegration } from '../../../support/integration-fixtures';
import { type IntegrationEvent } from '../../../../src/domain/integration/integration.events';

const NOW = AGGREGATE_NOW;
const LATER = new Date('2026-03-01T10:05:00Z');
const HANDSHAKE = { endpoint: 'https://partner.example/hook', identityLinkUrl: 'https://partner.example/login' };

const anIntegration = aNewIntegration;

/** A stored integration: what `restore` rebuilds records nothing. */
function stored(overrides: Partial<NewIntegration> = {}): Integration {
  return Integration.restore(anIntegration(overrides).toSnapshot());
}

/** Name and payload of each event handed over, in order. */
function happened(integration: Integration): Array<[IntegrationEvent['name'], object]> {
  return integration.pullEvents().map((event) => [event.name, event.payload]);
}

describe('Integration events', () => {
  it('records its creation, by an admin or by a configuration file', () => {
    const created = anIntegration();
    expect(created.pullEvents()).toEqual([
      { name: 'IntegrationCreated', aggregateId: 'i-1', occurredAt: NOW, payload: { integrationName: 'ERP', setupType: 'manual' } },
    ]);
    const declared = Integration.declare({ id: 'i-2', name: 'From File', email: 'x@example.com', credentials: [{ kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) }], now: NOW });
    expect(happened(declared)).toEqual([['IntegrationCreated', { integrationName: 'From File', setupType: 'config' }]]);
  });

  it('records nothing when restored from storage, and hands each event over once', () => {
    const integration = anIntegration();
    expect(integration.pullEvents()).toHaveLength(1);
    expect(integration.pullEvents()).toEqual([]);
    expect(stored().pullEvents()).toEqual([]);
  });

  it('records details changed by an admin (with the new name) and by a configuration file', () => {
    const integration = stored();
    integration.update({ name: 'ERP 2', email: 'erp@example.com' }, LATER);
    expect(integration.pullEvents()).toEqual([
      { name: 'IntegrationDetailsChanged', aggregateId: 'i-1', occurredAt: LATER, payload: { integrationName: 'ERP 2', by: 'admin', changed: ['name'], previousName: 'ERP' } },
    ]);
    const declared = stored({ setupType: 'config' });
    declared.applyConfiguration({ name: 'ERP', email: 'new@example.com' }, LATER);
    expect(happened(declared)).toEqual([['IntegrationDetailsChanged', { integrationName: 'ERP', by: 'configuration', changed: ['email'], previousName: 'ERP' }]]);
  });

  it('records no details change when the details stay the same, unless a removed declaration is back', () => {
    const integration = stored();
    integration.update({ name: ' ERP ', email: 'erp@example.com' }, LATER);
    expect(integration.pullEvents()).toEqual([]);
    const declared = stored({ setupType: 'config' });
    declared.applyConfiguration({ name: 'ERP', email: 'erp@example.com' }, LATER);
    expect(declared.pullEvents()).toEqual([]);
    declared.orphan(LATER);
    declared.applyConfiguration({ name: 'ERP', email: 'erp@example.com' }, LATER);
    expect(happened(declared)).toEqual([
      ['IntegrationOrphaned', { integrationName: 'ERP' }],
      ['IntegrationDetailsChanged', { integrationName: 'ERP', by: 'configuration', changed: [], previousName: 'ERP' }],
    ]);
  });

  it('records local activation and reauthorization', () => {
    const integration = stored();
    integration.activateLocally(LATER);
    integration.reauthorizeLocally(LATER);
    expect(happened(integration)).toEqual([
      ['IntegrationActivated', { integrationName: 'ERP', via: 'local' }],
      ['IntegrationReauthorized', { integrationName: 'ERP' }],
    ]);
  });

  it('records the token exchange started (with its intent) and completed', () => {
    const integration = stored(HANDSHAKE);
    integration.startTokenExchange(NOW, 'activate');
    integration.completeTokenExchange(LATER);
    integration.startTokenExchange(LATER, 'reauthorize');
    expect(happened(integration)).toEqual([
      ['IntegrationTokenExchangeStarted', { integrationName: 'ERP', intent: 'activate' }],
      ['IntegrationActivated', { integrationName: 'ERP', via: 'token-exchange' }],
      ['IntegrationTokenExchangeStarted', { integrationName: 'ERP', intent: 'reauthorize' }],
    ]);
  });

  it('records nothing when a rule refuses the change', () => {
    const integration = stored(HANDSHAKE);
    expect(() => integration.activateLocally(LATER)).toThrow();
    expect(() => integration.completeTokenExchange(LATER)).toThrow();
    const declared = stored({ setupType: 'config' });
    expect(() => declared.update({ name: 'Other', email: 'erp@example.com' }, LATER)).toThrow();
    expect([...integration.pullEvents(), ...declared.pullEvents()]).toEqual([]);
  });

  it('records deactivation, a reset and an orphaning by the configuration, and a failed exchange', () => {
    const integration = stored({ setupType: 'config' });
    integration.activateLocally(NOW);
    integration.deactivate(LATER);
    integration.resetByConfiguration({ name: 'ERP', email: 'erp@example.com' }, 'It asks for more access.', LATER);
    integration.orphan(LATER);
    integration.recordTokenExchangeFailed(LATER);
    expect(happened(integration)).toEqual([
      ['IntegrationActivated', { integrationName: 'ERP', via: 'local' }],
      ['IntegrationDeactivated', { integrationName: 'ERP' }],
      ['IntegrationResetByConfiguration', { integrationName: 'ERP', reason: 'It asks for more access.' }],
      ['IntegrationOrphaned', { integrationName: 'ERP' }],
      ['IntegrationTokenExchangeFailed', { integrationName: 'ERP' }],
    ]);
  });

  it('records its deletion when marked deleted; a recorded use is no event', () => {
    const integration = stored();
    integration.recordUse(LATER);
    integration.markDeleted(LATER);
    expect(integration.pullEvents()).toEqual([{ name: 'IntegrationDeleted', aggregateId: 'i-1', occurredAt: LATER, payload: { integrationName: 'ERP' } }]);
  });

  it('never carries the consumer key or secret', () => {
    const integration = anIntegration();
    integration.activateLocally(LATER);
    integration.markDeleted(LATER);
    const text = JSON.stringify(integration.pullEvents());
    expect(text).not.toContain('k'.repeat(32));
    expect(text).not.toContain('s'.repeat(32));
  });
});
