import { rejectionFrom } from '../../../support/errors';
import { type IntegrationStatus } from '../../../../src/domain/integration/integration.aggregate';
import { Integration } from '../../../../src/domain/integration/integration.aggregate';
import { testCore, type TestCore } from '../../../support/test-core';

async function withIntegrations(core: TestCore, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await core.portcullis.integrations.create({ name, email: 'ops@example.com', resourceAccess: 'all' });
  }
}

describe('ListIntegrations', () => {
  it('is empty without integrations', async () => {
    const core = testCore();

    expect(await core.portcullis.integrations.list()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('orders by name ignoring case', async () => {
    const core = testCore();
    await withIntegrations(core, ['charlie', 'Bravo', 'alpha', 'Delta']);

    const { items } = await core.portcullis.integrations.list();

    expect(items.map((i) => i.name)).toEqual(['alpha', 'Bravo', 'charlie', 'Delta']);
  });

  it('pages with page, pageSize and the total over all pages', async () => {
    const core = testCore();
    await withIntegrations(core, ['e', 'd', 'c', 'b', 'a']);

    const first = await core.portcullis.integrations.list({ page: 1, pageSize: 2 });
    const second = await core.portcullis.integrations.list({ page: 2, pageSize: 2 });
    const third = await core.portcullis.integrations.list({ page: 3, pageSize: 2 });
    const beyond = await core.portcullis.integrations.list({ page: 4, pageSize: 2 });

    expect(first).toMatchObject({ page: 1, pageSize: 2, total: 5 });
    expect(first.items.map((i) => i.name)).toEqual(['a', 'b']);
    expect(second.items.map((i) => i.name)).toEqual(['c', 'd']);
    expect(third.items.map((i) => i.name)).toEqual(['e']);
    expect(beyond).toEqual({ items: [], total: 5, page: 4, pageSize: 2 });
  });

  it('uses page 1 and 20 per page by default', async () => {
    const core = testCore();
    await withIntegrations(core, Array.from({ length: 21 }, (_, i) => `Integration ${String(i).padStart(2, '0')}`));

    const page = await core.portcullis.integrations.list();

    expect(page).toMatchObject({ page: 1, pageSize: 20, total: 21 });
    expect(page.items).toHaveLength(20);
    expect(page.items[0]?.name).toBe('Integration 00');
  });

  it('filters by part of the name, ignoring case and surrounding spaces', async () => {
    const core = testCore();
    await withIntegrations(core, ['Shipping Bridge', 'Warehouse Sync', 'ERP BRIDGE', 'Mailer']);

    const page = await core.portcullis.integrations.list({ name: '  bRiDgE ' });

    expect(page.items.map((i) => i.name)).toEqual(['ERP BRIDGE', 'Shipping Bridge']);
    expect(page.total).toBe(2);
  });

  it('treats a blank name filter as no filter', async () => {
    const core = testCore();
    await withIntegrations(core, ['a', 'b']);

    expect((await core.portcullis.integrations.list({ name: '   ' })).total).toBe(2);
  });

  it('filters by status', async () => {
    const core = testCore();
    await withIntegrations(core, ['Never Activated', 'Other Inactive']);
    await core.portcullis.integrations.create({ name: 'Live', email: 'ops@example.com', resourceAccess: 'all', activate: true });
    const recreated = Integration.declare({
      id: 'config-1',
      name: 'Recreated From File',
      email: 'vendor@example.com',
      credentials: [{ kind: 'oauth1', key: 'c'.repeat(32), secret: 's'.repeat(32) }],
      now: core.clock.now(),
    });
    recreated.resetByConfiguration(recreated.toSnapshot(), 'Its configuration asks for more access.', core.clock.now());
    await core.integrations.save(recreated);

    const names = async (status: IntegrationStatus): Promise<readonly string[]> =>
      (await core.portcullis.integrations.list({ status })).items.map((i) => i.name);

    expect(await names('active')).toEqual(['Live']);
    expect(await names('inactive')).toEqual(['Never Activated', 'Other Inactive']);
    expect(await names('reset')).toEqual(['Recreated From File']);
  });

  it('combines status and name filters, the total counting only matches', async () => {
    const core = testCore();
    await withIntegrations(core, ['Bridge One', 'Bridge Two', 'Mailer']);
    await core.portcullis.integrations.create({ name: 'Bridge Live', email: 'ops@example.com', resourceAccess: 'all', activate: true });

    const page = await core.portcullis.integrations.list({ status: 'inactive', name: 'bridge', pageSize: 1 });

    expect(page.total).toBe(2);
    expect(page.items.map((i) => i.name)).toEqual(['Bridge One']);
  });

  it('shows summaries: flags, no resource access and no secrets', async () => {
    const core = testCore();
    await core.portcullis.integrations.create({
      name: 'Shipping Bridge',
      email: 'ops@example.com',
      endpoint: 'http://shipping.example/hook',
      identityLinkUrl: 'https://shipping.example/login',
      resourceAccess: 'all',
    });
    const stored = await core.integrations.findByName('Shipping Bridge');

    const [summary] = (await core.portcullis.integrations.list()).items;

    expect(summary).toMatchObject({ name: 'Shipping Bridge', notSecure: true, usesTokenExchange: true, status: 'inactive', setupType: 'manual' });
    expect(summary).not.toHaveProperty('access');
    expect(JSON.stringify(summary)).not.toContain(stored?.credentials.require('oauth1').key);
    expect(JSON.stringify(summary)).not.toContain(stored?.credentials.require('oauth1').secret);
  });

  describe('invalid input', () => {
    it.each([
      { field: 'page', input: { page: 0 }, value: '0' },
      { field: 'page', input: { page: -1 }, value: '-1' },
      { field: 'page', input: { page: 1.5 }, value: '1.5' },
      { field: 'page', input: { page: Number.NaN }, value: 'NaN' },
      { field: 'pageSize', input: { pageSize: 0 }, value: '0' },
      { field: 'pageSize', input: { pageSize: 201 }, value: '201' },
      { field: 'pageSize', input: { pageSize: 2.5 }, value: '2.5' },
    ])('refuses $field $value with VALIDATION.RANGE', async ({ field, input, value }) => {
      const core = testCore();

      await expect(core.portcullis.integrations.list(input)).rejects.toMatchObject({
        code: 'VALIDATION.RANGE',
        parameters: { field, value },
      });
    });

    it('accepts the largest page size, 200', async () => {
      const core = testCore();

      expect((await core.portcullis.integrations.list({ pageSize: 200 })).pageSize).toBe(200);
    });

    it('refuses an unknown status with VALIDATION.STATUS_INVALID', async () => {
      const core = testCore();

      await expect(core.portcullis.integrations.list({ status: 'enabled' as IntegrationStatus })).rejects.toMatchObject({
        code: 'VALIDATION.STATUS_INVALID',
        parameters: { field: 'status', value: 'enabled' },
      });
    });

    it.each([
      ['sort', { sort: 'colour' }, 'colour'],
      ['direction', { direction: 'up' }, 'up'],
    ])('refuses an unknown %s with VALIDATION.VALUE_INVALID', async (field, input, value) => {
      const core = testCore();

      await expect(core.portcullis.integrations.list(input as never)).rejects.toMatchObject({ code: 'VALIDATION.VALUE_INVALID', parameters: { field, value } });
    });
  });

  describe('email filter and sorting (issue 17.10)', () => {
    async function withEmails(core: TestCore, rows: readonly (readonly [string, string])[]): Promise<void> {
      for (const [name, email] of rows) await core.portcullis.integrations.create({ name, email, resourceAccess: 'all' });
    }

    it('filters by part of the email, A-Z and a-z alike, ignoring surrounding blanks', async () => {
      const core = testCore();
      await withEmails(core, [
        ['one', 'Ops@Partner.example'],
        ['two', 'sales@shop.example'],
      ]);

      expect((await core.portcullis.integrations.list({ email: ' partner ' })).items.map((i) => i.name)).toEqual(['one']);
      expect((await core.portcullis.integrations.list({ email: '   ' })).total).toBe(2);
    });

    it('orders by the column asked, either way, ties by name', async () => {
      const core = testCore();
      await withEmails(core, [
        ['delta', 'same@example.com'],
        ['alpha', 'zed@example.com'],
        ['charlie', 'same@example.com'],
        ['bravo', 'amy@example.com'],
      ]);
      const names = async (sort: 'email' | 'name', direction?: 'asc' | 'desc'): Promise<string[]> =>
        (await core.portcullis.integrations.list({ sort, ...(direction !== undefined ? { direction } : {}) })).items.map((i) => i.name);

      expect(await names('email')).toEqual(['bravo', 'charlie', 'delta', 'alpha']);
      expect(await names('email', 'desc')).toEqual(['alpha', 'charlie', 'delta', 'bravo']);
      expect(await names('name', 'desc')).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
    });
  });
  describe('unused for some days', () => {
    it('keeps those last used before then, and those never used and created before then', async () => {
      const core = testCore();
      await withIntegrations(core, ['old never used', 'used long ago', 'used lately']);
      const idOf = async (name: string): Promise<string> => (await core.integrations.findByName(name))?.id ?? '';
      core.clock.advance(100 * 86_400);
      await withIntegrations(core, ['new never used']);
      await core.integrations.recordUse(await idOf('used long ago'), new Date(core.clock.now().getTime() - 91 * 86_400_000), 0);
      await core.integrations.recordUse(await idOf('used lately'), new Date(core.clock.now().getTime() - 89 * 86_400_000), 0);

      const page = await core.portcullis.integrations.list({ unusedForDays: 90 });

      expect({ total: page.total, names: page.items.map((i) => i.name) }).toEqual({ total: 2, names: ['old never used', 'used long ago'] });
      // Strictly before: last used exactly 91 days ago is not unused for 91 days.
      expect((await core.portcullis.integrations.list({ unusedForDays: 91 })).items.map((i) => i.name)).toEqual(['old never used']);
      expect((await core.portcullis.integrations.list({ unusedForDays: 100 })).total).toBe(0);
    });

    it.each([0, -1, 1.5, 36_501])('refuses %p days', async (days) => {
      const error = await rejectionFrom(testCore().portcullis.integrations.list({ unusedForDays: days }));
      expect(error).toMatchObject({ code: 'VALIDATION.VALUE_INVALID', message: '"unusedForDays" must be a whole number of days from 1 to 36500.' });
    });
  });
});
