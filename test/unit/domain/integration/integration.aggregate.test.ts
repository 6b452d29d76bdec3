import { Integration } from '../../../../src/domain/integration/integration.aggregate';
import { AGGREGATE_NOW, aNewIntegration } from '../../../support/integration-fixtures';
import { IntegrationName } from '../../../../src/domain/integration/integration-name.value-object';
import { findRefusedCharacter } from '../../../../src/domain/kernel/text';
import { thrownDomainError } from '../../../support/errors';

const NOW = AGGREGATE_NOW;
const LATER = new Date('2026-03-01T10:05:00Z');

const anIntegration = aNewIntegration;

function aResetIntegration(): Integration {
  const integration = anIntegration({ setupType: 'config' });
  integration.resetByConfiguration(integration.toSnapshot(), 'It asks for more access.', NOW);
  return integration;
}

const errorOf = thrownDomainError;

describe('Integration', () => {
  describe('create', () => {
    it('starts inactive, manual, with trimmed values and no URLs', () => {
      const integration = anIntegration({ name: '  ERP  ', email: ' erp@example.com ' });
      const s = integration.toSnapshot();
      expect(s).toMatchObject({ name: 'ERP', email: 'erp@example.com', status: 'inactive', setupType: 'manual', endpoint: null, identityLinkUrl: null });
      expect(s.createdAt).toEqual(NOW);
      expect(s.lastUsedAt).toBeNull();
    });

    it('declares a config integration: inactive, setup type config, not orphaned', () => {
      const declared = Integration.declare({ id: 'i-2', name: 'From File', email: 'x@example.com', credentials: [{ kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) }], now: NOW });
      expect(declared.toSnapshot()).toMatchObject({ status: 'inactive', setupType: 'config', orphaned: false, statusReason: null });
    });

    it.each([
      ['', 'VALIDATION.REQUIRED', 'name'],
      ['   ', 'VALIDATION.REQUIRED', 'name'],
      ['x'.repeat(256), 'VALIDATION.NAME_INVALID', 'name'],
      ['tab\there', 'VALIDATION.CHARACTER_NOT_ALLOWED', 'name'],
    ])('rejects the name %j with %s', (name, code, field) => {
      const error = errorOf(() => anIntegration({ name }));
      expect(error.code).toBe(code);
      expect(error.parameters.field).toBe(field);
    });

    it('accepts a name of exactly 255 characters', () => {
      expect(anIntegration({ name: 'n'.repeat(255) }).name).toHaveLength(255);
    });

    it.each(['not-an-email', 'a@b', 'a b@example.com'])('rejects the email %j naming it', (email) => {
      const error = errorOf(() => anIntegration({ email }));
      expect(error.code).toBe('VALIDATION.EMAIL_INVALID');
      expect(error.parameters).toEqual({ field: 'email', value: email });
      expect(error.message).toContain(email);
    });

    it('rejects a too long email, echoing only its first 40 characters', () => {
      const error = errorOf(() => anIntegration({ email: `${'x'.repeat(250)}@example.com` }));
      expect(error.code).toBe('VALIDATION.EMAIL_INVALID');
      expect(error.parameters).toEqual({ field: 'email', value: `${'x'.repeat(40)}…` });
      expect(error.message).toBe(`"email" must be a valid email address of at most 254 characters; "${'x'.repeat(40)}…" is not.`);
    });

    it.each([
      ['endpoint', 'ftp://example.com/x'],
      ['endpoint', 'example.com/callback'],
      ['identityLinkUrl', 'javascript:alert(1)'],
    ])('rejects the %s %j naming field and value', (field, value) => {
      const error = errorOf(() => anIntegration({ [field]: value }));
      expect(error.code).toBe('VALIDATION.URL_INVALID');
      expect(error.parameters).toEqual({ field, value });
    });

    it('rejects a too long URL, echoing only its first 40 characters', () => {
      const error = errorOf(() => anIntegration({ identityLinkUrl: `https://example.com/${'p'.repeat(250)}` }));
      expect(error.code).toBe('VALIDATION.URL_INVALID');
      expect(error.parameters).toEqual({ field: 'identityLinkUrl', value: `https://example.com/${'p'.repeat(20)}…` });
      expect(error.message).not.toContain('p'.repeat(21));
    });

    it('treats blank URLs as not set', () => {
      const s = anIntegration({ endpoint: '  ', identityLinkUrl: '' }).toSnapshot();
      expect([s.endpoint, s.identityLinkUrl]).toEqual([null, null]);
    });
  });

  describe('text rule (issue 16)', () => {
    it.each([
      ['name', 'ERP\u0000', 'U+0000'],
      ['name', 'E\u001b]0;pwned\u0007RP', 'U+001B'],
      ['name', 'ERP\u009b2J', 'U+009B'],
      ['name', 'ERP \u202egnp.exe', 'U+202E'],
      ['name', 'E\u200bRP', 'U+200B'],
      ['email', 'erp\u001b@example.com', 'U+001B'],
      ['email', 'erp\u0007@example.com', 'U+0007'],
      ['email', 'erp\u202e@example.com', 'U+202E'],
      ['endpoint', 'https://erp.example/cb\u001b[2J', 'U+001B'],
      ['identityLinkUrl', 'https://erp.example/\u202eid', 'U+202E'],
    ])('refuses a %s holding a control, bidi or invisible character (%j) by code point', (field, value, codePoint) => {
      const error = errorOf(() => anIntegration({ [field]: value }));
      expect(error.code).toBe('VALIDATION.CHARACTER_NOT_ALLOWED');
      expect(error.parameters).toMatchObject({ field, character: codePoint });
      expect(error.message).toContain(`"${field}" must not contain control, invisible or bidirectional characters; it has ${codePoint}`);
      expect(findRefusedCharacter(error.message)).toBeNull();
    });

    it('stores the name in NFC with spaces collapsed', () => {
      expect(anIntegration({ name: ' Cafe\u0301\u00a0\u00a0Sync  2 ' }).name).toBe('Caf\u00e9 Sync 2');
    });

    it.each([['Cafe'], ['Caf\u00e9'], ['Cafe\u0301'], ['CAFE'], ['\uff23\uff41\uff46\uff45'], ['Caf\u00e9\u00a0']])(
      'gives %j the key of "Cafe"',
      (name) => {
        expect(IntegrationName.create(name).key).toBe(IntegrationName.keyOf('Cafe'));
      },
    );

    it('accepts 128 × İ: its key (128 characters) fits the key column', () => {
      const name = IntegrationName.create('\u0130'.repeat(128));
      expect(name.value).toBe('\u0130'.repeat(128));
      expect(name.key).toBe('i'.repeat(128));
    });

    it('counts the length in characters: 255 emoji are a valid name', () => {
      expect(anIntegration({ name: '😀'.repeat(255) }).name).toBe('😀'.repeat(255));
      expect(errorOf(() => anIntegration({ name: '😀'.repeat(256) })).code).toBe('VALIDATION.NAME_INVALID');
    });

    it('refuses a name whose comparison key would not fit its column', () => {
      // U+FDFA folds (NFKC) to 18 letters.
      const error = errorOf(() => anIntegration({ name: '\ufdfa'.repeat(20) }));
      expect(error.code).toBe('VALIDATION.NAME_INVALID');
      expect(error.message).toContain('compared ignoring case and accents');
    });
  });

  describe('flags', () => {
    it('is not secure when either URL is plain http', () => {
      expect(anIntegration({ endpoint: 'http://erp.example/cb' }).isNotSecure).toBe(true);
      expect(anIntegration({ identityLinkUrl: 'HTTP://erp.example/id' }).isNotSecure).toBe(true);
      expect(anIntegration({ endpoint: 'https://erp.example/cb', identityLinkUrl: 'https://erp.example/id' }).isNotSecure).toBe(false);
      expect(anIntegration().isNotSecure).toBe(false);
    });

    it('uses the token exchange only when both URLs are set', () => {
      expect(anIntegration({ endpoint: 'https://e.example/cb' }).usesTokenExchange).toBe(false);
      expect(anIntegration({ identityLinkUrl: 'https://e.example/id' }).usesTokenExchange).toBe(false);
      expect(anIntegration({ endpoint: 'https://e.example/cb', identityLinkUrl: 'https://e.example/id' }).usesTokenExchange).toBe(true);
    });
  });

  describe('lifecycle (local)', () => {
    it('activates an inactive integration, then refuses a second activation', () => {
      const integration = anIntegration();
      integration.activateLocally(LATER);
      expect(integration.status).toBe('active');
      expect(integration.isActive).toBe(true);
      expect(integration.toSnapshot().updatedAt).toEqual(LATER);
      expect(errorOf(() => integration.activateLocally(LATER)).code).toBe('INTEGRATION.ALREADY_ACTIVE');
    });

    it('reauthorizes an active or reset integration, never a never-activated one', () => {
      const fresh = anIntegration();
      expect(errorOf(() => fresh.reauthorizeLocally(LATER)).code).toBe('INTEGRATION.NOT_ACTIVATED');
      const reset = aResetIntegration();
      reset.reauthorizeLocally(LATER);
      expect(reset.status).toBe('active');
      const active = anIntegration();
      active.activateLocally(NOW);
      active.reauthorizeLocally(LATER);
      expect(active.status).toBe('active');
      expect(active.credentials.require('oauth1').key).toBe('k'.repeat(32));
    });

    it('refuses local activation when the handshake is configured', () => {
      const integration = anIntegration({ endpoint: 'https://e.example/cb', identityLinkUrl: 'https://e.example/id' });
      expect(errorOf(() => integration.activateLocally(NOW)).code).toBe('INTEGRATION.TOKEN_EXCHANGE_REQUIRED');
      expect(errorOf(() => integration.reauthorizeLocally(NOW)).code).toBe('INTEGRATION.TOKEN_EXCHANGE_REQUIRED');
    });
  });

  describe('lifecycle (token exchange)', () => {
    const handshake = { endpoint: 'https://e.example/cb', identityLinkUrl: 'https://e.example/id' };

    it('stays inactive during the exchange and becomes active when it completes', () => {
      const integration = anIntegration(handshake);
      integration.startTokenExchange(NOW, 'activate');
      expect(integration.status).toBe('inactive');
      expect(integration.toSnapshot().exchangeStartedAt).toEqual(NOW);
      integration.completeTokenExchange(LATER);
      expect(integration.status).toBe('active');
      expect(integration.toSnapshot().exchangeStartedAt).toBeNull();
    });

    it('reauthorizing an active integration makes it inactive until the exchange completes', () => {
      const integration = anIntegration(handshake);
      integration.startTokenExchange(NOW, 'activate');
      integration.completeTokenExchange(NOW);
      expect(errorOf(() => integration.startTokenExchange(LATER, 'activate')).code).toBe('INTEGRATION.ALREADY_ACTIVE');
      integration.startTokenExchange(LATER, 'reauthorize');
      expect(integration.status).toBe('inactive');
    });

    it('may restart an interrupted handshake, but never reauthorizes one never started', () => {
      const integration = anIntegration(handshake);
      expect(errorOf(() => integration.startTokenExchange(NOW, 'reauthorize')).code).toBe('INTEGRATION.NOT_ACTIVATED');
      integration.startTokenExchange(NOW, 'activate');
      integration.startTokenExchange(LATER, 'activate');
      expect(integration.toSnapshot().exchangeStartedAt).toEqual(LATER);
      integration.startTokenExchange(LATER, 'reauthorize');
      expect(integration.status).toBe('inactive');
    });

    it('opens the window for the configured seconds from the start (not from creation)', () => {
      const integration = anIntegration(handshake);
      expect(integration.isExchangeWindowOpen(NOW, 300)).toBe(false);
      integration.startTokenExchange(LATER, 'activate');
      expect(integration.isExchangeWindowOpen(new Date(LATER.getTime() + 300_000), 300)).toBe(true);
      expect(integration.isExchangeWindowOpen(new Date(LATER.getTime() + 300_001), 300)).toBe(false);
    });

    it('refuses to start without both URLs and to complete without a start', () => {
      expect(errorOf(() => anIntegration().startTokenExchange(NOW, 'activate')).code).toBe('INTEGRATION.NO_TOKEN_EXCHANGE');
      expect(errorOf(() => anIntegration(handshake).completeTokenExchange(NOW)).code).toBe('INTEGRATION.NO_EXCHANGE_IN_PROGRESS');
    });
  });

  describe('config-managed integrations', () => {
    it('refuse admin edits and deletion, but accept their configuration', () => {
      const integration = anIntegration({ setupType: 'config' });
      const edit = errorOf(() => integration.update({ name: 'Other', email: 'o@example.com' }, LATER));
      expect(edit.code).toBe('INTEGRATION.CONFIG_MANAGED');
      expect(edit.message).toContain('Cannot edit integrations created via config file');
      const del = errorOf(() => integration.assertManuallyManaged('delete'));
      expect(del.message).toContain('Uninstall the extension to remove integration "ERP"');
      integration.applyConfiguration({ name: 'ERP', email: 'new@example.com' }, LATER);
      expect(integration.toSnapshot().email).toBe('new@example.com');
    });

    it('a manual integration updates with the same validation as create', () => {
      const integration = anIntegration();
      integration.update({ name: 'ERP 2', email: 'two@example.com', endpoint: 'https://e.example/cb' }, LATER);
      expect(integration.toSnapshot()).toMatchObject({ name: 'ERP 2', endpoint: 'https://e.example/cb', updatedAt: LATER });
      expect(errorOf(() => integration.update({ name: 'ERP 2', email: 'bad' }, LATER)).code).toBe('VALIDATION.EMAIL_INVALID');
      expect(integration.toSnapshot().email).toBe('two@example.com');
    });
  });

  it('records use and round-trips through its snapshot', () => {
    const integration = anIntegration();
    integration.recordUse(LATER);
    const restored = Integration.restore(integration.toSnapshot());
    expect(restored.toSnapshot()).toEqual(integration.toSnapshot());
    expect(restored.toSnapshot().lastUsedAt).toEqual(LATER);
  });

  it('hands out copies: changing a snapshot does not change the aggregate', () => {
    const integration = anIntegration();
    const snapshot = integration.toSnapshot() as { name: string };
    snapshot.name = 'tampered';
    expect(integration.name).toBe('ERP');
  });
});
