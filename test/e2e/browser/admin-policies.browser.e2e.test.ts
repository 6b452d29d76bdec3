import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../http/server-harness';
import { OauthPackageClient, type TokenPairJson } from '../../support/oauth-clients';
import { describeBrowser, launchChromium, NARROW, screenshotBothWidths, WIDE } from '../../support/browser';
import { localInputValue } from '../../../web/admin/src/credential-policy';

/**
 * Issue 21 in Debian's Chromium against the real server (SQLite, the Magento tree of
 * test/fixtures/magento-acl plus Portcullis's own resources): an administrator sets an
 * integration's credential policy on its Security tab (read-only, an expiry, allowed addresses, a
 * rate limit), sees it kept and the expiry in the grid, is told where a bad CIDR range is wrong,
 * reauthorizes with a grace period and rotates the consumer secret; the partner's signed calls show
 * the server enforcing what was set. The tests run in order, each building on the previous one.
 */
const MAGENTO_ACL = join(__dirname, '..', '..', 'fixtures', 'magento-acl', '*', 'etc', 'acl.xml');
/** Declares the config integration "JsonIntegration". */
const DECLARED = join(__dirname, '..', '..', 'fixtures', 'magento-integration', 'integrations.json');
const NAME = 'Policy Partner';
const DAY_MS = 24 * 60 * 60 * 1000;
const ADDRESSES = ['203.0.113.0/24', '2001:db8::/32'];
/** The browser and the partner's calls come from loopback, which the allowlist leaves out. */
const NOT_ALLOWED = 'Calls from 127.0.0.1 are not allowed for this integration: its IP allowlist does not include that address.';

describeBrowser('admin web UI: credential policies in Chromium', () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  let base: string;
  /** In 3 days (and a few minutes, so it still reads "in 3 days" a little later), as the form shows it. */
  const expiry = localInputValue(new Date(Date.now() + 3 * DAY_MS + 5 * 60_000));
  let consumer: { key: string; secret: string };
  let access: TokenPairJson;

  beforeAll(async () => {
    server = await startTestServer('sqlite', { config: { aclFiles: [MAGENTO_ACL], integrationFiles: [DECLARED] } });
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
  const row = (name: string) => page.locator(`tr[data-integration="${name}"]`);
  const security = () => page.getByRole('tabpanel', { name: 'Security' });
  const openEdit = async (): Promise<void> => {
    await row(NAME).getByRole('link', { name: `Edit ${NAME}` }).click();
    await page.getByRole('heading', { name: `Edit "${NAME}" Integration` }).waitFor();
    await settled();
  };
  /** A signed GET of the resource tree (the grant allows it) as the partner makes it. */
  const partnerCall = (secret: string, token: TokenPairJson) => new OauthPackageClient(`${base}/`, consumer.key, secret, 'HMAC-SHA256').get(`${base}/rest/V1/acl/resources`, token);
  const readCredentials = async (title: string, labels: readonly string[]): Promise<Record<string, string>> => {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.waitFor();
    const values: Record<string, string> = {};
    for (const label of labels) values[label] = await dialog.getByLabel(label, { exact: true }).inputValue();
    return values;
  };

  it('signs in, creates an integration, and sets each policy on its Security tab', async () => {
    await page.goto(`${base}/admin/integrations`);
    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    await settled();

    await page.getByRole('link', { name: 'Add New Integration' }).click();
    await page.getByRole('heading', { name: 'New Integration' }).waitFor();
    await settled();
    await page.getByLabel('Name', { exact: true }).fill(NAME);
    await page.getByLabel('Email', { exact: true }).fill('policy@partner.example');
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('tab', { name: 'API' }).click();
    await page.getByLabel('Search resources', { exact: true }).fill('Portcullis::acl');
    await page.getByRole('checkbox', { name: /Portcullis::acl$/ }).check();

    await page.getByRole('tab', { name: 'Security' }).click();
    const panel = security();
    await panel.getByText('Only GET, HEAD and OPTIONS requests are allowed', { exact: false }).waitFor();
    await panel.getByRole('checkbox', { name: 'Read-only access' }).check();
    // The details of an expiry and a rate limit show once their boxes are checked.
    await expect(panel.getByLabel('Expires on', { exact: true }).isVisible()).resolves.toBe(false);
    await panel.getByRole('checkbox', { name: 'Credentials expire' }).check();
    await panel.getByLabel('Expires on', { exact: true }).fill(expiry);
    await expect(panel.locator('.expiry-note').textContent()).resolves.toBe('expires in 3 days');
    await panel.getByLabel('Allowed IP addresses', { exact: true }).fill(`${ADDRESSES[0]}\n\n  ${ADDRESSES[1]}  \n`);
    await panel.getByRole('checkbox', { name: 'Rate limit' }).check();
    await panel.getByLabel('Requests', { exact: true }).fill('600');
    await panel.getByLabel('requests per', { exact: true }).selectOption({ label: 'minute' });
    await screenshotBothWidths(page, 'integration-security');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText(`The integration '${NAME}' has been saved.`).waitFor();
    await settled();
  });

  it("shows when the credentials expire in the grid's Expires column, flagged under 7 days", async () => {
    const expires = row(NAME).locator('td[data-label="Expires"] .expiry');
    await expect(expires.textContent()).resolves.toBe('in 3 days');
    await expect(expires.getAttribute('class')).resolves.toBe('expiry expiry-warning');
    await expect(row('JsonIntegration').locator('td[data-label="Expires"]').textContent()).resolves.toBe('—');
    await expect(page.getByRole('columnheader', { name: 'Expires' }).count()).resolves.toBe(1);
  });

  it('keeps every policy: the Security tab shows them again after a reload', async () => {
    await openEdit();
    await page.reload();
    await settled();
    await page.getByRole('tab', { name: 'Security' }).click();
    const panel = security();
    await expect(panel.getByRole('checkbox', { name: 'Read-only access' }).isChecked()).resolves.toBe(true);
    await expect(panel.getByRole('checkbox', { name: 'Credentials expire' }).isChecked()).resolves.toBe(true);
    await expect(panel.getByLabel('Expires on', { exact: true }).inputValue()).resolves.toBe(expiry);
    await expect(panel.locator('.expiry-note').textContent()).resolves.toBe('expires in 3 days');
    // Blank lines and blanks around an entry are left out.
    await expect(panel.getByLabel('Allowed IP addresses', { exact: true }).inputValue()).resolves.toBe(ADDRESSES.join('\n'));
    await expect(panel.getByRole('checkbox', { name: 'Rate limit' }).isChecked()).resolves.toBe(true);
    await expect(panel.getByLabel('Requests', { exact: true }).inputValue()).resolves.toBe('600');
    await expect(panel.getByLabel('requests per', { exact: true }).inputValue()).resolves.toBe('60');
  });

  it('shows a bad CIDR range under Allowed IP addresses, on the Security tab, and saves nothing', async () => {
    const addresses = security().getByLabel('Allowed IP addresses', { exact: true });
    await addresses.fill(`${ADDRESSES[0]}\n203.0.113.7/24`);
    // Saved from the Info tab: the error takes the admin to the Security tab.
    await page.getByRole('tab', { name: 'Integration Info' }).click();
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = security().locator('[data-field="allowedIps"] .field-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toBe(
      '"203.0.113.7/24" in Allowed IP addresses is not a network: the address has bits set past its /24 prefix. Did you mean 203.0.113.0/24? (A single address is written without a prefix: 203.0.113.7.)',
    );
    await expect(page.getByRole('tab', { name: 'Security' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(addresses.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.evaluate('document.activeElement?.name')).resolves.toBe('allowedIps');
    await screenshotBothWidths(page, 'integration-security-error');

    // An expiry without its date is caught before anything is sent.
    await addresses.fill(ADDRESSES.join('\n'));
    await security().getByLabel('Expires on', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(security().locator('[data-field="expiresAt"] .field-error').textContent()).resolves.toBe(
      'Enter the date and time the credentials expire, or uncheck "Credentials expire".',
    );
    await expect(error.isHidden()).resolves.toBe(true);

    await page.getByRole('link', { name: 'Back' }).click();
    await settled();
    await expect(row(NAME).locator('td[data-label="Expires"] .expiry').textContent()).resolves.toBe('in 3 days');
  });

  it('activates the integration; the server enforces its allowlist on the partner\'s signed calls', async () => {
    await row(NAME).getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('dialog', { name: `The integration "${NAME}" requests access to` }).getByRole('button', { name: 'Allow' }).click();
    const tokens = await readCredentials('Integration Tokens for Extensions', ['Consumer Key', 'Consumer Secret', 'Access Token', 'Access Token Secret']);
    consumer = { key: tokens['Consumer Key'] ?? '', secret: tokens['Consumer Secret'] ?? '' };
    access = { token: tokens['Access Token'] ?? '', secret: tokens['Access Token Secret'] ?? '' };
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(`The integration '${NAME}' has been activated.`).waitFor();
    await settled();
    // Signed correctly, refused for where it comes from (authentication passed).
    const answer = await partnerCall(consumer.secret, access);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'GUARD.ADDRESS_NOT_ALLOWED', message: NOT_ALLOWED });
  });

  it('reauthorizes with a 1 hour grace period: the previous access token works until the time shown', async () => {
    await row(NAME).getByRole('button', { name: 'Reauthorize' }).click();
    const dialog = page.getByRole('dialog', { name: `The integration "${NAME}" requests access to` });
    await dialog.getByLabel('Keep the old token working for', { exact: true }).selectOption({ label: '1 hour' });
    await dialog.getByRole('button', { name: 'Reauthorize' }).click();
    const tokens = await readCredentials('Integration Tokens for Extensions', ['Access Token', 'Access Token Secret']);
    expect(tokens['Access Token']).not.toBe(access.token);
    const until = /The previous access token works until \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./;
    await expect(page.getByRole('dialog', { name: 'Integration Tokens for Extensions' }).locator('.message-notice').textContent()).resolves.toMatch(until);
    await page.getByRole('button', { name: 'Done' }).click();
    // The grid is read again, its message replacing the last one.
    await page.locator('main .messages .message-success', { hasText: new RegExp(`^The integration '${NAME}' has been re-authorized\\. ${until.source}$`) }).waitFor();
    await settled();
    // The old token still authenticates within its grace: refused for the address, not as expired.
    await expect(partnerCall(consumer.secret, access).then((answer) => JSON.parse(answer.body) as { code: string })).resolves.toMatchObject({ code: 'GUARD.ADDRESS_NOT_ALLOWED' });
    access = { token: tokens['Access Token'] ?? '', secret: tokens['Access Token Secret'] ?? '' };
  });

  it('rotates the consumer secret after a confirmation: the new one is shown once, the old one works until the time shown', async () => {
    await row(NAME).getByRole('button', { name: `Rotate consumer secret of ${NAME}` }).click();
    const confirm = page.getByRole('dialog', { name: `Rotate the consumer secret of "${NAME}"` });
    await confirm.getByLabel('Keep the old secret working for', { exact: true }).selectOption({ label: '1 hour' });
    await confirm.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await readCredentials('New Consumer Secret', ['Consumer Key', 'Consumer Secret']);
    expect(rotated['Consumer Key']).toBe(consumer.key);
    expect(rotated['Consumer Secret']).toMatch(/^[0-9a-z]{32}$/);
    expect(rotated['Consumer Secret']).not.toBe(consumer.secret);
    const until = /The old secret works until \d{4}-\d{2}-\d{2} \d{2}:\d{2}\./;
    await expect(page.getByRole('dialog', { name: 'New Consumer Secret' }).locator('.message-notice').textContent()).resolves.toMatch(until);
    await page.getByRole('button', { name: 'Done' }).click();
    // The grid is read again, its message replacing the last one.
    await page.locator('main .messages .message-success', { hasText: new RegExp(`^The consumer secret of '${NAME}' has been rotated\\. ${until.source}$`) }).waitFor();
    await settled();

    // Both secrets sign during the grace; any other is refused as a bad signature.
    for (const secret of [rotated['Consumer Secret'] ?? '', consumer.secret]) {
      await expect(partnerCall(secret, access).then((answer) => JSON.parse(answer.body) as { code: string })).resolves.toMatchObject({ code: 'GUARD.ADDRESS_NOT_ALLOWED' });
    }
    await expect(partnerCall('not-the-secret', access).then((answer) => answer.status)).resolves.toBe(401);
    await screenshotBothWidths(page, 'integrations-policies');
  });

  it("shows a config integration's Security tab read-only", async () => {
    await row('JsonIntegration').getByRole('link', { name: 'View JsonIntegration' }).click();
    await page.getByRole('heading', { name: 'Edit "JsonIntegration" Integration' }).waitFor();
    await settled();
    await page.getByRole('tab', { name: 'Security' }).click();
    const panel = security();
    for (const name of ['Read-only access', 'Credentials expire', 'Rate limit']) await expect(panel.getByRole('checkbox', { name }).isDisabled()).resolves.toBe(true);
    await expect(panel.getByLabel('Allowed IP addresses', { exact: true }).getAttribute('readonly')).resolves.toBe('');
    await page.getByRole('link', { name: 'Back' }).click();
    await settled();
  });

  it('filters the grid by "Unused for", kept in the address', async () => {
    await page.getByLabel('Unused for', { exact: true }).selectOption({ label: '90 days' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/unusedForDays=90/);
    await settled();
    await expect(page.getByLabel('Unused for', { exact: true }).inputValue()).resolves.toBe('90');
    await expect(page.getByRole('heading', { name: 'Integrations', level: 1 }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await settled();
  });

  it('fits a 390 px screen without sideways scrolling', async () => {
    await page.setViewportSize(NARROW);
    await page.goto(`${base}/admin/integrations`);
    await settled();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    await openEdit();
    await page.getByRole('tab', { name: 'Security' }).click();
    await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    await page.setViewportSize(WIDE);
    expect(pageErrors).toEqual([]);
  });
});
