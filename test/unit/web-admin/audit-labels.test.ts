import {
  accessModeChange,
  ACTION_GROUPS,
  actionLabel,
  actorLabel,
  detailsSummary,
  grantChangeOf,
  grantChangeSummary,
  grantDifference,
  isKnownAction,
  targetKindLabel,
  targetName,
  titlesOf,
} from '../../../web/admin/src/audit-labels';
import { type AuditEntry } from '../../../web/admin/src/types';
import { AUDIT_ACTIONS } from '../../../src/application/audit/audit-actions';

/*
 * Issue 20: the Activity page and the History tab word the audit trail for an admin: readable
 * actions, who acted, what on, and a grant change as the resources it added and removed.
 */

const entry = (action: string, details: Record<string, unknown> = {}): AuditEntry => ({
  seq: 1,
  occurredAt: '2026-12-04T10:00:00.000Z',
  actor: { kind: 'admin', id: '1', name: 'admin' },
  action,
  target: { kind: 'integration', id: '7', name: 'Partner ERP' },
  source: { ip: '127.0.0.1', userAgent: 'Chromium', requestId: 'req-1' },
  details,
  hash: 'h1',
  prevHash: 'h0',
});

describe('audit labels', () => {
  it('has a readable label for every action the trail records, each listed once', () => {
    const actions = ACTION_GROUPS.flatMap((group) => group.actions.map(([action]) => action));
    expect(new Set(actions).size).toBe(actions.length);
    // The server's list: an action it records that the UI has no words for fails here.
    expect(new Set(actions)).toEqual(new Set(AUDIT_ACTIONS));
    for (const action of actions) expect(actionLabel(action)).not.toMatch(/[._]/);
  });

  it('labels known actions in words and reads an unknown one as its own words', () => {
    expect(actionLabel('integration.grant_changed')).toBe('Integration grant changed');
    expect(actionLabel('admin.sign_in_failed')).toBe('Sign-in failed');
    expect(actionLabel('webhook.delivery_failed')).toBe('Webhook delivery failed');
    expect(actionLabel('')).toBe('Unknown action');
    expect(isKnownAction('integration.created')).toBe(true);
    expect(isKnownAction('integration.hacked')).toBe(false);
  });

  it('names an admin by username, the CLI with its OS user, the others by kind', () => {
    expect(actorLabel({ kind: 'admin', id: '1', name: 'alice' })).toBe('alice');
    expect(actorLabel({ kind: 'admin', id: '9', name: null })).toBe('Admin #9');
    expect(actorLabel({ kind: 'cli', id: null, name: 'deploy' })).toBe('CLI (deploy)');
    expect(actorLabel({ kind: 'cli', id: null, name: null })).toBe('CLI');
    expect(actorLabel({ kind: 'system', id: null, name: null })).toBe('System');
    expect(actorLabel({ kind: 'config-sync', id: null, name: null })).toBe('Config sync');
    expect(actorLabel({ kind: 'anonymous', id: null, name: 'mallory' })).toBe('Anonymous');
    expect(actorLabel({ kind: 'integration', id: '7', name: 'Partner ERP' })).toBe('Integration Partner ERP');
  });

  it('names the target by kind and name, or id when it has no name', () => {
    expect(targetKindLabel({ kind: 'integration', id: '7', name: 'Partner ERP' })).toBe('Integration');
    expect(targetKindLabel({ kind: 'admin_user', id: '2', name: 'clerk' })).toBe('User');
    expect(targetKindLabel({ kind: 'webhook_endpoint', id: '2', name: null })).toBe('Webhook endpoint');
    expect(targetName({ kind: 'role', id: '3', name: null })).toBe('3');
    expect(targetName({ kind: 'config', id: null, name: null })).toBe('');
  });

  it('summarises a grant change as "+2 / −1 resources", with the minus sign', () => {
    const change = grantChangeOf(entry('integration.grant_changed', { added: ['A::a', 'B::b'], removed: ['C::c'] }));
    expect(change).toEqual({ added: ['A::a', 'B::b'], removed: ['C::c'] });
    expect(grantChangeSummary(change!)).toBe('+2 / −1 resources');
    expect(grantChangeSummary({ added: ['A::a'], removed: [] })).toBe('+1 / −0 resources');
    expect(detailsSummary(entry('role.grant_changed', { added: [], removed: ['C::c', 'D::d'], allResources: { before: false, after: false } }))).toBe('+0 / −2 resources');
  });

  it('says when a grant change switched Resource Access between All and Custom', () => {
    const change = grantChangeOf(entry('integration.grant_changed', { added: ['A::a', 'B::b'], removed: [], allResources: { before: false, after: true } }));
    expect(change).toEqual({ added: ['A::a', 'B::b'], removed: [], allResourcesBefore: false, allResourcesAfter: true });
    expect(accessModeChange(change!)).toBe('Custom → All');
    expect(grantChangeSummary(change!)).toBe('+2 / −0 resources (Custom → All)');
    expect(grantChangeSummary({ added: [], removed: ['A::a'], allResourcesBefore: true, allResourcesAfter: false })).toBe('+0 / −1 resources (All → Custom)');
    expect(accessModeChange({ added: [], removed: [], allResourcesBefore: true, allResourcesAfter: true })).toBeNull();
    expect(accessModeChange({ added: [], removed: [] })).toBeNull();
  });

  it('finds no grant change in details without added or removed', () => {
    expect(grantChangeOf(entry('integration.activated', { mode: 'local' }))).toBeNull();
    expect(grantChangeOf(entry('integration.grant_changed', { added: ['A::a'] }))).toEqual({ added: ['A::a'], removed: [] });
  });

  it('lists the difference, added then removed, by title where the tree knows the resource', () => {
    const titles = titlesOf([
      { id: 'Magento_Sales::sales', title: 'Sales', children: [{ id: 'Magento_Sales::cancel', title: 'Cancel', children: [] }] },
      { id: 'Magento_Sales::hold', title: 'Hold', children: [] },
    ]);
    expect(titles.get('Magento_Sales::cancel')).toBe('Cancel');
    expect(grantDifference({ added: ['Magento_Sales::cancel', 'Gone::resource'], removed: ['Magento_Sales::hold'] }, titles)).toEqual([
      { change: 'added', resourceId: 'Magento_Sales::cancel', title: 'Cancel' },
      { change: 'added', resourceId: 'Gone::resource', title: null },
      { change: 'removed', resourceId: 'Magento_Sales::hold', title: 'Hold' },
    ]);
  });

  it('summarises other details as plain "key: value" pairs, at most three, nested values left out', () => {
    expect(detailsSummary(entry('admin.sign_in_failed', { reason: 'wrong_password', failedAttempts: 3, client: { ua: 'x' } }))).toBe(
      'reason: wrong_password, failed attempts: 3',
    );
    expect(detailsSummary(entry('config_sync.ran', { created: 1, updated: 2, reset: 0, removed: 4 }))).toBe('created: 1, updated: 2, reset: 0');
    expect(detailsSummary(entry('admin_user.role_changed', { from_role: 'Clerks', toRole: 'Administrators' }))).toBe('from role: Clerks, to role: Administrators');
    expect(detailsSummary(entry('integration.created'))).toBe('');
    expect(detailsSummary(entry('integration.updated', { by: 'admin', changed: ['name', 'email'], previousName: 'ERP' }))).toBe('by: admin, changed: name, email, previous name: ERP');
  });

  it('summarises the access a role was created with', () => {
    expect(detailsSummary(entry('role.created', { access: { resourceAccess: 'custom', resources: ['A::a', 'B::b'], excluded: [] } }))).toBe('Resource Access: Custom, 2 checked');
    expect(detailsSummary(entry('role.created', { access: { resourceAccess: 'all', resources: [], excluded: [] } }))).toBe('Resource Access: All');
  });
});
