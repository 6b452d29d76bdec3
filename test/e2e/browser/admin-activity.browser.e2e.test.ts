import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../http/server-harness';
import { OauthPackageClient, type TokenPairJson } from '../../support/oauth-clients';
import { describeBrowser, launchChromium, NARROW, screenshotBothWidths, WIDE } from '../../support/browser';

/**
 * Issue 20 in Debian's Chromium against the real server (SQLite, the Magento tree of
 * test/fixtures/magento-acl plus Portcullis's own resources): an administrator creates an
 * integration, changes its grant and activates it; the Activity page and the integration's
 * History tab say who did what, and the grant's difference; the integration's signed calls show
 * in its 7-day chart and the grid's "Calls (24 h)". The tests run in order, each building on the
 * previous one.
 */
const MAGENTO_ACL = join(__dirname, '..', '..', 'fixtures', 'magento-acl', '*', 'etc', 'acl.xml');
const NAME = 'Audit Partner';
const ALLOWED_CALLS = 3;
const REFUSED_CALLS = 1;
/** Runs in the page: the `data-action` of the grid's rows. */
const actionsOf = (rows: unknown[]): (string | null)[] => rows.map((row) => (row as { getAttribute(name: string): string | null }).getAttribute('data-action'));
/** Runs in the page: each difference line's kind (added, removed) and text colour. */
const changeColours = (items: unknown[]): [string | null, string][] =>
  items.map((item) => [
    (item as { getAttribute(name: string): string | null }).getAttribute('data-change'),
    (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(item).color,
  ]);

describeBrowser('admin web UI: activity, history and usage in Chromium', () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let base: string;
  let integrationId: string;
  let access: TokenPairJson;
  let consumer: { key: string; secret: string };

  beforeAll(async () => {
    // Usage is counted in memory and written every few seconds; the usage endpoint and the list add
    // what this server has not written yet, so the page reads every call the test made at once.
    server = await startTestServer('sqlite', { config: { aclFiles: [MAGENTO_ACL] } });
    base = server.server.url;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: WIDE });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The page has rendered with its data (the app clears aria-busy on <main> then). */
  const settled = (on: Page = page) => on.locator('main[aria-busy="false"]').waitFor();
  const resource = (id: string) => page.getByRole('checkbox', { name: new RegExp(`${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  /** Finds a resource with the tree's search box and sets its checkbox. */
  const setResource = async (id: string, checked: boolean): Promise<void> => {
    await page.getByLabel('Search resources', { exact: true }).fill(id);
    await resource(id).setChecked(checked);
    await page.getByLabel('Search resources', { exact: true }).fill('');
  };
  const activityRow = (action: string) => page.locator(`#activityGrid tr[data-action="${action}"]`);

  it('signs in, creates an integration with a custom grant, adds two resources and removes one, and activates it', async () => {
    await page.goto(`${base}/admin/integrations`);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Integrations', 'User Roles', 'All Users', 'Activity']);

    await page.getByRole('link', { name: 'Add New Integration' }).click();
    await page.getByRole('heading', { name: 'New Integration' }).waitFor();
    await settled();
    // A new integration has no history yet: no History tab.
    await expect(page.getByRole('tab', { name: 'History' }).count()).resolves.toBe(0);
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('Email', { exact: true }).fill('audit@partner.example');
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('tab', { name: 'API' }).click();
    // Portcullis::acl lets its signed calls read the resource tree (allowed); the integrations list stays refused.
    for (const id of ['Portcullis::acl', 'Magento_Sales::capture', 'Magento_Sales::hold']) await setResource(id, true);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`The integration '${NAME}' has been saved.`).waitFor();
    await settled();

    await page.locator(`tr[data-integration="${NAME}"]`).getByRole('link', { name: `Edit ${NAME}` }).click();
    await page.getByRole('heading', { name: `Edit "${NAME}" Integration` }).waitFor();
    await settled();
    integrationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    await page.getByRole('tab', { name: 'API' }).click();
    await setResource('Magento_Sales::cancel', true);
    await setResource('Magento_Sales::ship', true);
    await setResource('Magento_Sales::hold', false);
    await page.getByRole('tab', { name: 'Integration Info' }).click();
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Save & Activate' }).click();
    await page.getByRole('dialog', { name: `The integration "${NAME}" requests access to` }).getByRole('button', { name: 'Allow' }).click();
    const tokens = page.getByRole('dialog', { name: 'Integration Tokens for Extensions' });
    await tokens.waitFor();
    const value = (label: string) => tokens.getByLabel(label, { exact: true }).inputValue();
    consumer = { key: await value('Consumer Key'), secret: await value('Consumer Secret') };
    access = { token: await value('Access Token'), secret: await value('Access Token Secret') };
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(`The integration '${NAME}' has been activated.`).waitFor();
    await settled();
  });

  it('makes signed calls with an OAuth client library: some allowed, one refused', async () => {
    const partner = new OauthPackageClient(`${base}/`, consumer.key, consumer.secret, 'HMAC-SHA256');
    for (let call = 0; call < ALLOWED_CALLS; call += 1) {
      await expect(partner.get(`${base}/rest/V1/acl/resources`, access)).resolves.toMatchObject({ status: 200 });
    }
    await expect(partner.get(`${base}/rest/V1/integrations`, access)).resolves.toMatchObject({ status: 403 });
  });

  it("the Activity page lists the test's actions newest first, with the admin's name, the source and the grant's summary", async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('heading', { name: 'Activity', level: 1 }).waitFor();
    await settled();
    expect(new URL(page.url()).pathname).toBe('/admin/activity');
    const actions = await page.locator('#activityGrid tbody tr').evaluateAll(actionsOf);
    // Newest first: the activation after the grant change after the creation.
    const order = ['integration.activated', 'integration.grant_changed', 'integration.created'].map((action) => actions.indexOf(action));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    for (const [action, label] of [
      ['integration.created', 'Integration created'],
      ['integration.grant_changed', 'Integration grant changed'],
      ['integration.activated', 'Integration activated'],
    ] as const) {
      const entry = activityRow(action).first();
      await expect(entry.locator('td[data-label="Action"]').textContent()).resolves.toBe(label);
      await expect(entry.locator('td[data-label="Actor"]').textContent()).resolves.toBe('admin');
      await expect(entry.locator('td[data-label="Target"]').textContent()).resolves.toBe(`Integration ${NAME}`);
      await expect(entry.locator('td[data-label="Source"]').textContent()).resolves.toBe('127.0.0.1');
      // Local time, the exact instant as its tooltip.
      await expect(entry.locator('time').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      await expect(entry.locator('time').getAttribute('title')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    }
    await expect(activityRow('integration.grant_changed').first().locator('td[data-label="Details"]').textContent()).resolves.toBe('+2 / −1 resources');
    // The admin's sign-in is on the trail too.
    await expect(activityRow('admin.sign_in_succeeded').count()).resolves.toBeGreaterThan(0);
    await screenshotBothWidths(page, 'activity');

    // Filters: by action, then by integration; each a new search on the first page, kept in the address.
    await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Integration grant changed' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/action=integration\.grant_changed/);
    await settled();
    // The grant it was created with, then the change.
    await expect(page.locator('#activityGrid tbody tr').evaluateAll(actionsOf)).resolves.toEqual(['integration.grant_changed', 'integration.grant_changed']);
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await page.waitForURL(/\/admin\/activity$/);
    await settled();
    await page.getByLabel('Integration', { exact: true }).selectOption({ label: NAME });
    await page.getByLabel('Actor', { exact: true }).fill('admin');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/integrationId=/);
    await settled();
    const targets = await page.locator('#activityGrid td[data-label="Target"]').allTextContents();
    expect(targets.length).toBeGreaterThanOrEqual(3);
    expect(new Set(targets)).toEqual(new Set([`Integration ${NAME}`]));
    // A day range that ends before today finds nothing.
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/to=2020-01-31/);
    await settled();
    await page.getByText('No activity matches the filter.').waitFor();
    await page.goBack();
    await settled();

    // The target links to the integration while it exists.
    await activityRow('integration.grant_changed').first().getByRole('link', { name: NAME }).click();
    await page.getByRole('heading', { name: `Edit "${NAME}" Integration` }).waitFor();
    await settled();
  });

  it('the History tab shows the grant difference: each resource added (+) and removed (−), by its title', async () => {
    // The tabs by keyboard: → from the API tab reaches Security, then History.
    await page.getByRole('tab', { name: 'API' }).click();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: 'Security' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowRight');
    const tab = page.getByRole('tab', { name: 'History' });
    await expect(tab.getAttribute('aria-selected')).resolves.toBe('true');
    const history = page.getByRole('tabpanel', { name: 'History' });
    const change = history.locator('tr[data-action="integration.grant_changed"]').first();
    await expect(change.locator('td[data-label="Actor"]').textContent()).resolves.toBe('admin');
    const added = await change.locator('li[data-change="added"]').allTextContents();
    const removed = await change.locator('li[data-change="removed"]').allTextContents();
    // The sign is shown, and spelled out for screen readers.
    expect(added.sort()).toEqual(['+Added: Cancel Magento_Sales::cancel', '+Added: Ship Magento_Sales::ship']);
    expect(removed).toEqual(['−Removed: Hold Magento_Sales::hold']);
    await expect(change.locator('li[data-change="added"] .diff-sign').first().textContent()).resolves.toBe('+');
    await expect(change.locator('li[data-change="removed"] .diff-sign').textContent()).resolves.toBe('−');
    const colours = await change.locator('li[data-change]').evaluateAll(changeColours);
    expect(new Set(colours.filter(([kind]) => kind === 'added').map(([, colour]) => colour))).toEqual(new Set(['rgb(30, 107, 53)']));
    expect(new Set(colours.filter(([kind]) => kind === 'removed').map(([, colour]) => colour))).toEqual(new Set(['rgb(179, 38, 30)']));
    await expect(history.locator('tr[data-action="integration.created"]').count()).resolves.toBe(1);
    await expect(history.locator('tr[data-action="integration.activated"]').count()).resolves.toBe(1);
    await screenshotBothWidths(page, 'integration-history');
  });

  it("charts the last 7 days of the integration's calls, and the grid counts its calls of the last 24 hours", async () => {
    const summary = `${ALLOWED_CALLS} calls allowed, ${REFUSED_CALLS} refused in the last 7 days`;
    await page.goto(`${base}/admin/integrations/${encodeURIComponent(integrationId)}`);
    await settled();
    const chart = page.getByRole('img', { name: summary });
    await chart.waitFor();
    await page.getByText(`${summary}.`).waitFor();
    // One bar per day, oldest first, today last with the calls, its tooltip saying so.
    const bars = chart.locator('g.usage-day');
    await expect(bars.count()).resolves.toBe(7);
    const today = bars.last();
    await expect(today.getAttribute('data-day')).resolves.toBe(new Date().toISOString().slice(0, 10));
    await expect(today.getAttribute('data-allowed')).resolves.toBe(String(ALLOWED_CALLS));
    await expect(today.getAttribute('data-refused')).resolves.toBe(String(REFUSED_CALLS));
    // The refusal is the grant's: the integrations list needs Portcullis::integrations.
    await expect(today.locator('title').textContent()).resolves.toMatch(new RegExp(`^\\w{3} \\d{1,2} \\w{3}: ${ALLOWED_CALLS} calls allowed, ${REFUSED_CALLS} refused \\(forbidden ${REFUSED_CALLS}\\)$`));
    await expect(today.locator('rect.usage-allowed').count()).resolves.toBe(1);
    await expect(today.locator('rect.usage-refused').count()).resolves.toBe(1);
    await expect(bars.first().locator('rect.usage-allowed').count()).resolves.toBe(0);
    // The same figures as a table for screen readers.
    await expect(page.locator('.usage-chart table tbody tr').count()).resolves.toBe(7);
    await page.locator('.usage').scrollIntoViewIfNeeded();
    await screenshotBothWidths(page, 'integration-usage');

    await page.getByRole('link', { name: 'Back' }).click();
    await settled();
    await expect(page.locator(`tr[data-integration="${NAME}"] td[data-label="Calls (24 h)"]`).textContent()).resolves.toBe(String(ALLOWED_CALLS));
    await expect(page.getByRole('columnheader', { name: 'Calls (24 h)' }).count()).resolves.toBe(1);
  });

  it('a role without Portcullis::audit has no Activity in its menu, and its address says Access denied', async () => {
    const token = await server.signIn();
    const role = await server.call('POST', '/rest/V1/roles', {
      token,
      body: { name: 'Integrations only', resourceAccess: 'custom', resources: ['Portcullis::integrations', 'Portcullis::acl'], currentPassword: server.adminPassword },
    });
    expect(role.statusCode).toBe(201);
    const user = await server.call('POST', '/rest/V1/admin-users', {
      token,
      body: {
        username: 'clerk',
        firstName: 'Casey',
        lastName: 'Clerk',
        email: 'clerk@shop.example',
        password: 'clerk-pass-1',
        roleId: role.json<{ id: string }>().id,
        currentPassword: server.adminPassword,
      },
    });
    expect(user.statusCode).toBe(201);
    const clerk = await browser.newContext({ viewport: WIDE });
    const clerkPage = await clerk.newPage();
    clerkPage.on('pageerror', (error) => pageErrors.push(error.message));
    await clerkPage.goto(`${base}/admin`);
    await clerkPage.getByLabel('Username', { exact: true }).fill('clerk');
    await clerkPage.getByLabel('Password', { exact: true }).fill('clerk-pass-1');
    await clerkPage.getByRole('button', { name: 'Sign in' }).click();
    await clerkPage.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    await expect(clerkPage.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).resolves.toEqual(['Integrations']);
    await clerkPage.goto(`${base}/admin/activity`);
    await clerkPage.getByRole('heading', { name: 'Access denied' }).waitFor();
    await expect(clerkPage.getByRole('alert').textContent()).resolves.toBe("Your role isn't authorized to access Portcullis::audit.");
    await clerk.close();
  });

  it('fits a 390 px screen without sideways scrolling', async () => {
    await page.setViewportSize(NARROW);
    for (const path of ['/admin/activity', '/admin/integrations', `/admin/integrations/${encodeURIComponent(integrationId)}`]) {
      await page.goto(`${base}${path}`);
      await settled();
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    }
    await page.getByRole('tab', { name: 'History' }).click();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    await page.setViewportSize(WIDE);
  });

  it('names a deleted integration on the Activity page without a link, its deletion last', async () => {
    await page.goto(`${base}/admin/integrations`);
    await settled();
    await page.locator(`tr[data-integration="${NAME}"]`).getByRole('button', { name: `Delete ${NAME}` }).click();
    await page.getByRole('dialog', { name: 'Delete integration' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText(`The integration '${NAME}' has been deleted.`).waitFor();
    await settled();
    await page.goto(`${base}/admin/activity?integrationId=${encodeURIComponent(integrationId)}`);
    await settled();
    await expect(page.locator('#activityGrid tbody tr').first().getAttribute('data-action')).resolves.toBe('integration.deleted');
    await expect(page.locator('#activityGrid td[data-label="Target"]').getByRole('link').count()).resolves.toBe(0);
    await expect(activityRow('integration.grant_changed').first().locator('td[data-label="Target"]').textContent()).resolves.toBe(`Integration ${NAME}`);
    // The filter still names what it filters on.
    await expect(page.getByLabel('Integration', { exact: true }).locator('option:checked').textContent()).resolves.toBe(`Deleted integration (${integrationId})`);
    expect(pageErrors).toEqual([]);
  });
});
