import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../http/server-harness';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { runCli } from '../cli/cli-harness';
import { CALLBACK_SERVER_NETWORKS, CallbackServer } from '../../support/callback-server';
import { freePort } from '../../support/free-port';
import { OauthPackageClient, type TokenPairJson } from '../../support/oauth-clients';
import { describeBrowser, launchChromium, NARROW, screenshotBothWidths, WIDE } from '../../support/browser';

/**
 * The admin web UI in Debian's Chromium against the real server (SQLite, the merged Magento
 * tree of test/fixtures/magento-acl plus Portcullis's own resources). The tests run in order, as
 * an administrator would: each builds on what the previous one left.
 */
const MAGENTO_ACL = join(__dirname, '..', '..', 'fixtures', 'magento-acl', '*', 'etc', 'acl.xml');
/** Declares the config integration "JsonIntegration" (Magento_Customer::manage, Magento_Sales::capture). */
const DECLARED = join(__dirname, '..', '..', 'fixtures', 'magento-integration', 'integrations.json');
const TOKEN = /^[0-9a-z]{32}$/;
/** Shared with the CLI run that syncs a changed config file into the server's database. */
const SECRET_KEY = AesGcmSecretCipher.generateKey().toString('hex');
/** Runs in the page: a checkbox's partially checked state (no DOM types in this Node project). */
const isIndeterminate = (box: unknown): boolean => (box as { indeterminate: boolean }).indeterminate;
/** Runs in the page: the integration names of the grid's rows. */
const integrationNames = (rows: unknown[]): (string | null)[] => rows.map((row) => (row as { getAttribute(name: string): string | null }).getAttribute('data-integration'));

interface FourTokens {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

describeBrowser('admin web UI in Chromium', () => {
  jest.setTimeout(60_000);
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let partner: CallbackServer;
  const pageErrors: string[] = [];
  let base: string;
  let tokens: FourTokens;

  beforeAll(async () => {
    // A known port: the exchange sends http://127.0.0.1:<port> as store_base_url and success_call_back.
    server = await startTestServer('sqlite', {
      config: { port: await freePort(), secretKey: SECRET_KEY, aclFiles: [MAGENTO_ACL], integrationFiles: [DECLARED], outboundAllowedNetworks: CALLBACK_SERVER_NETWORKS },
    });
    base = server.server.url;
    partner = new CallbackServer();
    await partner.start();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: WIDE });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await partner?.stop();
    await server?.close();
  });

  /** The page has rendered with its data (the app clears aria-busy on <main> then). */
  const settled = (on: Page = page) => on.locator('main[aria-busy="false"]').waitFor();
  const row = (name: string) => page.locator(`tr[data-integration="${name}"]`);
  const client = (consumerKey: string, consumerSecret: string) => new OauthPackageClient(`${base}/`, consumerKey, consumerSecret, 'HMAC-SHA256');

  const readTokensDialog = async (): Promise<FourTokens> => {
    const dialog = page.getByRole('dialog', { name: 'Integration Tokens for Extensions' });
    await dialog.waitFor();
    const value = (label: string) => dialog.getByLabel(label, { exact: true }).inputValue();
    return {
      consumerKey: await value('Consumer Key'),
      consumerSecret: await value('Consumer Secret'),
      accessToken: await value('Access Token'),
      accessTokenSecret: await value('Access Token Secret'),
    };
  };

  it('sends a visitor to the sign-in page, shows the refusal of a wrong password, and signs in', async () => {
    await page.goto(`${base}/admin/integrations`);
    await page.getByRole('heading', { name: 'Welcome, please sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/sign-in');
    await screenshotBothWidths(page, 'sign-in');

    await page.getByLabel('Username', { exact: true }).fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not-the-password1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('The account sign-in was incorrect or your account is disabled temporarily.');
    await expect(page.getByLabel('Password', { exact: true }).inputValue()).resolves.toBe('');

    await page.getByLabel('Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/integrations');
    await expect(row('JsonIntegration').locator('td[data-label="Setup"]').textContent()).resolves.toBe('Config file');
    // The session is an HttpOnly cookie: scripts on the page cannot read it.
    const cookies = await context.cookies();
    expect(cookies.filter((cookie) => cookie.name === 'portcullis_admin').map(({ path, httpOnly, sameSite }) => ({ path, httpOnly, sameSite })).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '/admin/session', httpOnly: true, sameSite: 'Strict' },
      { path: '/rest/V1', httpOnly: true, sameSite: 'Strict' },
    ]);
    // The browser sends it to the REST API and the session endpoint only: not to the OAuth endpoints, /health or the pages.
    const sentTo = async (path: string): Promise<number> => (await context.cookies(`${base}${path}`)).filter((cookie) => cookie.name === 'portcullis_admin').length;
    await expect(Promise.all(['/rest/V1/integrations', '/admin/session', '/oauth/token/request', '/health', '/admin/integrations'].map(sentTo))).resolves.toEqual([1, 1, 0, 0, 0]);
    await expect(page.evaluate('document.cookie')).resolves.toBe('');
  });

  it('shows a config integration read-only: its fields, its tree, no Save and no Delete', async () => {
    await expect(row('JsonIntegration').getByRole('button', { name: 'Delete JsonIntegration' }).count()).resolves.toBe(0);
    await row('JsonIntegration').getByRole('link', { name: 'View JsonIntegration' }).click();
    await page.getByRole('heading', { name: 'Edit "JsonIntegration" Integration' }).waitFor();
    await settled();
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('readonly')).resolves.toBe('');
    await expect(page.getByRole('button', { name: 'Save', exact: true }).count()).resolves.toBe(0);
    await page.getByRole('tab', { name: 'API' }).click();
    const capture = page.getByRole('checkbox', { name: /Magento_Sales::capture$/ });
    await expect(capture.isChecked()).resolves.toBe(true);
    await expect(capture.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: /Magento_Sales::cancel$/ }).isChecked()).resolves.toBe(false);
    await page.getByRole('link', { name: 'Back' }).click();
    await settled();
  });

  it('shows a notice when a changed config file reset an integration, with the reason, until it is activated again', async () => {
    // The extension's file now asks for one more resource; `portcullis config:sync` resets the integration.
    const widened = join(server.dataDir, 'integrations-widened.json');
    writeFileSync(
      widened,
      JSON.stringify({
        integrations: [
          {
            name: 'JsonIntegration',
            email: 'json@example.com',
            endpointUrl: 'https://json.example.com/endpoint',
            identityLinkUrl: null,
            resources: ['Magento_Customer::manage', 'Magento_Sales::capture', 'Magento_Sales::cancel'],
          },
        ],
      }),
    );
    const sync = await runCli(['config:sync', widened], {
      PORTCULLIS_DATA_DIR: server.dataDir,
      PORTCULLIS_SECRET_KEY: SECRET_KEY,
      PORTCULLIS_ACL_FILES: MAGENTO_ACL,
    });
    expect(sync.code).toBe(0);

    await page.reload();
    const notice = page.getByText('One or more integrations have been reset because of a change to their configuration files.');
    await notice.waitFor();
    await page.getByRole('link', { name: 'Show it' }).click();
    await page.waitForURL(/status=reset/);
    await settled();
    await expect(row('JsonIntegration').locator('.status').textContent()).resolves.toBe('Reset');
    await expect(row('JsonIntegration').locator('.status-reason').textContent()).resolves.toBe('Its configuration now asks for more resources: Magento_Sales::cancel.');
    await screenshotBothWidths(page, 'integrations-reset-notice');

    await row('JsonIntegration').getByRole('button', { name: 'Activate' }).click();
    const permissions = page.getByRole('dialog', { name: 'The integration "JsonIntegration" requests access to' });
    await permissions.locator('tr[data-resource="Magento_Sales::cancel"]').waitFor();
    await permissions.getByRole('button', { name: 'Allow' }).click();
    await readTokensDialog();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText("The integration 'JsonIntegration' has been activated.").waitFor();
    await settled();
    await expect(notice.count()).resolves.toBe(0);
    await expect(row('JsonIntegration').locator('.status-reason').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await settled();
  });

  it('creates a Custom integration from the tree (a parent, then one child unchecked) and Save & Activate shows the four tokens', async () => {
    await page.getByRole('link', { name: 'Add New Integration' }).click();
    await page.getByRole('heading', { name: 'New Integration' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Partner ERP');
    await page.getByLabel('Email', { exact: true }).fill('erp@partner.example');
    await page.getByText('We strongly recommend using https://.').first().waitFor();
    await screenshotBothWidths(page, 'integration-info');

    await page.getByRole('tab', { name: 'API' }).click();
    await expect(page.getByLabel('Resource Access', { exact: true }).inputValue()).resolves.toBe('custom');
    const portcullis = page.getByRole('checkbox', { name: 'Portcullis Portcullis::portcullis' });
    const integrations = page.getByRole('checkbox', { name: 'Integrations Portcullis::integrations' });
    const acl = page.getByRole('checkbox', { name: 'ACL Resources Portcullis::acl' });
    await portcullis.check();
    await expect(integrations.isChecked()).resolves.toBe(true);
    await expect(acl.isChecked()).resolves.toBe(true);
    await screenshotBothWidths(page, 'integration-api-parent-checked');
    await integrations.uncheck();
    // The parent stays checked (an exclusion), and says what it leaves out.
    await expect(portcullis.isChecked()).resolves.toBe(true);
    await expect(acl.isChecked()).resolves.toBe(true);
    await page.locator('[data-resource="Portcullis::portcullis"]').locator('xpath=..').getByText('except Integrations').waitFor();

    // A Magento leaf checked alone: its ancestors show partially checked.
    await page.getByLabel('Search resources', { exact: true }).fill('Magento_Sales::capture');
    await page.getByRole('checkbox', { name: /Magento_Sales::capture$/ }).check();
    await page.getByLabel('Search resources', { exact: true }).fill('');
    await expect(page.getByRole('checkbox', { name: /Magento_Sales::sales$/ }).evaluate(isIndeterminate)).resolves.toBe(true);

    await page.getByRole('button', { name: 'Show effective permissions' }).click();
    const effective = page.locator('.effective-panel');
    await effective.locator('tr[data-resource="Portcullis::acl"]').waitFor();
    await expect(effective.locator('tr[data-resource="Portcullis::acl"] td').nth(1).textContent()).resolves.toBe('Allowed');
    await expect(effective.locator('tr[data-resource="Portcullis::integrations"] td').nth(1).textContent()).resolves.toBe('Denied');
    await expect(effective.locator('tr[data-resource="Magento_Sales::sales"] td').nth(2).textContent()).resolves.toContain('On the way to');
    await expect(effective.locator('tr[data-resource="Magento_Sales::cancel"] td').nth(1).textContent()).resolves.toBe('Denied');
    await page.getByRole('button', { name: 'Collapse all' }).click();
    await page.getByRole('button', { name: 'Expand Portcullis' }).click();
    await screenshotBothWidths(page, 'integration-api-tree', 'admin-resource-tree.png');

    await page.getByRole('tab', { name: 'Integration Info' }).click();
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Save & Activate' }).click();

    const permissions = page.getByRole('dialog', { name: 'The integration "Partner ERP" requests access to' });
    await permissions.locator('tr[data-resource="Portcullis::acl"]').waitFor();
    await expect(permissions.locator('tr[data-resource="Portcullis::integrations"]').count()).resolves.toBe(0);
    await screenshotBothWidths(page, 'permissions-dialog');
    await permissions.getByRole('button', { name: 'Allow' }).click();

    tokens = await readTokensDialog();
    for (const value of Object.values(tokens)) expect(value).toMatch(TOKEN);
    await screenshotBothWidths(page, 'tokens-dialog');
    await page.getByRole('button', { name: 'Copy Access Token', exact: true }).click();
    await page.locator('.copy-status').getByText('Copied').or(page.getByText('Select the text and copy it')).first().waitFor();
    await page.getByRole('button', { name: 'Done' }).click();

    await page.getByText("The integration 'Partner ERP' has been activated.").waitFor();
    await expect(row('Partner ERP').locator('.status').textContent()).resolves.toBe('Active');
  });

  it('the four tokens work with an OAuth client library, allowed and refused as the tree says', async () => {
    const erp = client(tokens.consumerKey, tokens.consumerSecret);
    const access: TokenPairJson = { token: tokens.accessToken, secret: tokens.accessTokenSecret };
    const allowed = await erp.get(`${base}/rest/V1/acl/resources`, access);
    expect(allowed.status).toBe(200);
    expect(JSON.stringify(JSON.parse(allowed.body))).toContain('Magento_Sales::capture');
    const refused = await erp.get(`${base}/rest/V1/integrations`, access);
    expect(refused.status).toBe(403);

    // The grid shows when it last called the API.
    await page.reload();
    await settled();
    await expect(row('Partner ERP').locator('td[data-label="Last used"]').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

  });

  it('reauthorizes: the consumer key stays, a new access token works and the old one no longer does', async () => {
    await row('Partner ERP').getByRole('button', { name: 'Reauthorize' }).click();
    await page.getByRole('dialog', { name: 'The integration "Partner ERP" requests access to' }).getByRole('button', { name: 'Reauthorize' }).click();
    const renewed = await readTokensDialog();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText("The integration 'Partner ERP' has been re-authorized.").waitFor();

    expect(renewed.consumerKey).toBe(tokens.consumerKey);
    expect(renewed.consumerSecret).toBe(tokens.consumerSecret);
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    const erp = client(renewed.consumerKey, renewed.consumerSecret);
    await expect(erp.get(`${base}/rest/V1/acl/resources`, { token: tokens.accessToken, secret: tokens.accessTokenSecret })).resolves.toMatchObject({ status: 401 });
    await expect(erp.get(`${base}/rest/V1/acl/resources`, { token: renewed.accessToken, secret: renewed.accessTokenSecret })).resolves.toMatchObject({ status: 200 });
    tokens = renewed;
  });

  it('runs the token exchange: credentials posted to the callback URL, the identity link in a pop-up, the grid refreshed when the third party is done', async () => {
    let exchanged: TokenPairJson | null = null;
    partner.onIdentityLink = async (query) => {
      // The third party, signed in by the admin, completes the handshake with the credentials it was sent.
      const posted = partner.last;
      if (query.get('oauth_consumer_key') !== posted.oauth_consumer_key) return null;
      const thirdParty = new OauthPackageClient(posted.store_base_url ?? '', posted.oauth_consumer_key ?? '', posted.oauth_consumer_secret ?? '', 'HMAC-SHA256');
      exchanged = await thirdParty.accessToken(await thirdParty.requestToken(), posted.oauth_verifier ?? '');
      return query.get('success_call_back');
    };

    await page.getByRole('link', { name: 'Add New Integration' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Partner Exchange');
    await page.getByLabel('Email', { exact: true }).fill('exchange@partner.example');
    await page.getByLabel('Callback URL', { exact: true }).fill(partner.endpoint);
    await page.getByLabel('Identity Link URL', { exact: true }).fill(partner.identityLinkUrl);
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('tab', { name: 'API' }).click();
    await page.getByLabel('Resource Access', { exact: true }).selectOption('all');
    await page.getByText('All resources, including ones added later.').waitFor();
    await page.getByRole('button', { name: 'Save & Activate' }).click();

    const permissions = page.getByRole('dialog', { name: 'The integration "Partner Exchange" requests access to' });
    await permissions.waitFor();
    const popupOpened = page.waitForEvent('popup');
    await permissions.getByRole('button', { name: 'Allow' }).click();
    const popup = await popupOpened;
    await popup.waitForEvent('close', { timeout: 15_000 });

    await page.getByText("The integration 'Partner Exchange' has been activated.").waitFor();
    await expect(row('Partner Exchange').locator('.status').textContent()).resolves.toBe('Active');
    // http: URLs are flagged, as Magento's grid does.
    await row('Partner Exchange').getByText('Integration not secure').waitFor();
    expect(partner.identityVisits).toHaveLength(1);
    expect(partner.identityVisits[0]?.get('success_call_back')).toBe(`${base}/admin/integrations/login-success`);
    expect(exchanged).not.toBeNull();
    const posted = partner.last;
    const thirdParty = client(posted.oauth_consumer_key ?? '', posted.oauth_consumer_secret ?? '');
    await expect(thirdParty.get(`${base}/rest/V1/integrations`, exchanged as unknown as TokenPairJson)).resolves.toMatchObject({ status: 200 });
    await screenshotBothWidths(page, 'integrations-grid', 'admin-integrations.png');
  });

  it('tells the admin when a pop-up blocker stops the identity link', async () => {
    const blocked = await context.newPage();
    await blocked.addInitScript('window.open = () => null;');
    await blocked.goto(`${base}/admin/integrations`);
    await blocked.locator('tr[data-integration="Partner Exchange"]').getByRole('button', { name: 'Reauthorize' }).click();
    await blocked.getByRole('dialog', { name: 'The integration "Partner Exchange" requests access to' }).getByRole('button', { name: 'Reauthorize' }).click();
    const message = blocked.getByText('Popup Blocker is enabled! Please add this site to your exception list.');
    await message.waitFor();
    await screenshotBothWidths(blocked, 'popup-blocked');
    await blocked.getByRole('button', { name: 'Close' }).click();
    // Reauthorizing an exchange integration sends new credentials and waits for the third party.
    await blocked.getByText("Integration 'Partner Exchange' has been sent for re-authorization").waitFor();
    await expect(blocked.locator('tr[data-integration="Partner Exchange"] .status').textContent()).resolves.toBe('Inactive');
    await blocked.close();
  });

  it('shows a duplicate name under the Name field and keeps what was typed', async () => {
    await page.goto(`${base}/admin/integrations/new`);
    await page.getByLabel('Name', { exact: true }).fill('Partner ERP');
    await page.getByLabel('Email', { exact: true }).fill('second@partner.example');
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const nameError = page.locator('[data-field="name"] .field-error');
    await nameError.waitFor();
    await expect(nameError.textContent()).resolves.toBe('The integration with name "Partner ERP" exists.');
    await expect(page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Email', { exact: true }).inputValue()).resolves.toBe('second@partner.example');
    await expect(page.evaluate("document.activeElement?.getAttribute('name')")).resolves.toBe('name');
    await screenshotBothWidths(page, 'duplicate-name');

    // A wrong "Your Password" is shown under that field.
    await page.getByLabel('Name', { exact: true }).fill('Partner CRM');
    await page.getByLabel('Your Password', { exact: true }).fill('wrong-password-1');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('[data-field="currentPassword"] .field-error').waitFor();
    await expect(server.call('GET', '/rest/V1/integrations?name=CRM', { token: await server.signIn() }).then((r) => r.json<{ total: number }>().total)).resolves.toBe(0);
  });

  it('shows every invalid field at once, under its field, in the words of the form (never the API field names)', async () => {
    const errorOf = (field: string) => page.locator(`[data-field="${field}"] .field-error`);
    const shownErrors = () => page.locator('.field-error:not([hidden])').allTextContents();

    // The integration form: a bad email, a callback URL that is no URL, and no "Your Password".
    await page.goto(`${base}/admin/integrations/new`);
    await settled();
    await page.getByLabel('Name', { exact: true }).fill('Worded errors');
    await page.getByLabel('Email', { exact: true }).fill('not-an-email');
    await page.getByLabel('Callback URL', { exact: true }).fill('partner.example/hook');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await errorOf('currentPassword').waitFor();
    await expect(errorOf('email').textContent()).resolves.toBe('Email must be a valid email address.');
    await expect(errorOf('endpoint').textContent()).resolves.toBe('Callback URL must be an absolute http:// or https:// URL.');
    await expect(errorOf('currentPassword').textContent()).resolves.toBe('Your Password is required: enter your own password to save.');
    await expect(shownErrors()).resolves.toHaveLength(3);
    expect((await shownErrors()).join(' ')).not.toMatch(/"(email|endpoint|currentPassword)"/);
    for (const label of ['Email', 'Callback URL', 'Your Password']) {
      await expect(page.getByLabel(label, { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    }
    await expect(page.evaluate("document.activeElement?.getAttribute('name')")).resolves.toBe('email');
    await screenshotBothWidths(page, 'integration-errors-worded');

    // The user form: a bad email, a weak password and a wrong "Your Password", in one answer.
    await page.goto(`${base}/admin/users/new`);
    await settled();
    await page.getByLabel('User Name', { exact: true }).fill('worded');
    await page.getByLabel('First Name', { exact: true }).fill('Word');
    await page.getByLabel('Last Name', { exact: true }).fill('Ed');
    await page.getByLabel('Email', { exact: true }).fill('worded-at-shop');
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Administrators' });
    await page.getByLabel('Your Password', { exact: true }).fill('not-my-password-1');
    await page.getByRole('button', { name: 'Save User' }).click();
    await errorOf('password').waitFor();
    await expect(errorOf('email').textContent()).resolves.toBe('Email must be a valid email address.');
    await expect(errorOf('password').textContent()).resolves.toBe('The password is too weak: it must be at least 7 characters long.');
    await expect(errorOf('currentPassword').textContent()).resolves.toBe('The password entered for the current user is invalid. Verify the password and try again.');
    await expect(shownErrors()).resolves.toHaveLength(3);
    // What was typed stays.
    await expect(page.getByLabel('User Name', { exact: true }).inputValue()).resolves.toBe('worded');
    await screenshotBothWidths(page, 'user-errors-worded');
    const users = await server.call('GET', '/rest/V1/admin-users?pageSize=200', { token: await server.signIn() });
    expect(users.json<{ items: { username: string }[] }>().items.map((user) => user.username)).not.toContain('worded');
  });

  it('searches by name, filters by status and deletes after confirmation', async () => {
    await page.goto(`${base}/admin/integrations`);
    await page.getByLabel('Search by name', { exact: true }).fill('exch');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/name=exch/);
    await settled();
    await expect(page.locator('tr[data-integration]').count()).resolves.toBe(1);
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await settled();
    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/status=active/);
    await settled();
    await expect(page.locator('tr[data-integration]').evaluateAll(integrationNames)).resolves.toEqual(['JsonIntegration', 'Partner ERP']);
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await page.waitForURL(/\/admin\/integrations$/);
    await settled();

    await row('Partner ERP').getByRole('button', { name: 'Delete Partner ERP' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete integration' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(row('Partner ERP').count()).resolves.toBe(1);
    await row('Partner ERP').getByRole('button', { name: 'Delete Partner ERP' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText("The integration 'Partner ERP' has been deleted.").waitFor();
    await settled();
    await expect(row('Partner ERP').count()).resolves.toBe(0);
    await expect(row('Partner Exchange').count()).resolves.toBe(1);

    // 21 integrations: two pages of 20; deleting the only row of page 2 shows page 1.
    const token = await server.signIn();
    for (let i = 1; i <= 19; i += 1) {
      const name = `Batch ${String(i).padStart(2, '0')}`;
      const created = await server.call('POST', '/rest/V1/integrations', {
        token,
        body: { name, email: 'batch@partner.example', resourceAccess: 'custom', resources: [], currentPassword: server.adminPassword },
      });
      expect(created.statusCode).toBe(201);
    }
    await page.reload();
    await settled();
    await expect(page.getByText('21 records found').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-integration]').count()).resolves.toBe(20);
    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    await settled();
    await expect(page.getByText('Page 2 of 2').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-integration]').evaluateAll(integrationNames)).resolves.toEqual(['Partner Exchange']);
    await row('Partner Exchange').getByRole('button', { name: 'Delete Partner Exchange' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText("The integration 'Partner Exchange' has been deleted.").waitFor();
    await settled();
    await expect(page.getByText('Page 1 of 1').count()).resolves.toBe(0);
    await expect(page.locator('tr[data-integration]').count()).resolves.toBe(20);
    expect(new URL(page.url()).searchParams.get('page')).toBe('1');
    await expect(client(tokens.consumerKey, tokens.consumerSecret).get(`${base}/rest/V1/acl/resources`, { token: tokens.accessToken, secret: tokens.accessTokenSecret })).resolves.toMatchObject({ status: 401 });
  });

  it('chooses the page size, filters by email and sorts by a column header or, on a narrow screen, the Sort by list', async () => {
    const names = () => page.locator('tr[data-integration]').evaluateAll(integrationNames);
    await page.goto(`${base}/admin/integrations`);
    await settled();
    // 20 integrations: Batch 01–19 (batch@partner.example) and JsonIntegration (json@example.com).
    await expect(page.getByText('20 records found').count()).resolves.toBe(1);
    await page.getByLabel('Per page', { exact: true }).selectOption('50');
    await page.waitForURL(/pageSize=50/);
    await settled();
    await expect(page.locator('tr[data-integration]').count()).resolves.toBe(20);
    await expect(page.getByLabel('Per page', { exact: true }).inputValue()).resolves.toBe('50');

    // Sorting by a header: Email ascending, then descending; the header says so.
    const emailHeader = page.locator('th', { has: page.getByRole('button', { name: 'Email' }) });
    await page.getByRole('button', { name: 'Email', exact: true }).click();
    await page.waitForURL(/sort=email/);
    await settled();
    await expect(emailHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    expect((await names()).at(0)).toBe('Batch 01');
    expect((await names()).at(-1)).toBe('JsonIntegration');
    await page.getByRole('button', { name: 'Email', exact: true }).click();
    await page.waitForURL(/direction=desc/);
    await settled();
    await expect(emailHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await names()).at(0)).toBe('JsonIntegration');
    // The page size stays with the sort.
    expect(new URL(page.url()).searchParams.get('pageSize')).toBe('50');
    await screenshotBothWidths(page, 'integrations-sorted');

    // Filter by part of the email (case of A-Z ignored), with the Sort by list.
    await page.getByLabel('Search by email', { exact: true }).fill('JSON@');
    await page.getByLabel('Sort by', { exact: true }).selectOption({ label: 'Status, ascending' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/email=JSON/);
    await settled();
    await expect(names()).resolves.toEqual(['JsonIntegration']);
    await page.getByLabel('Search by email', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => !url.searchParams.has('email'));
    await settled();
    // Status ascending: the active JsonIntegration before the inactive batches.
    expect((await names()).at(0)).toBe('JsonIntegration');
    await expect(page.locator('th', { has: page.getByRole('button', { name: 'Status' }) }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.getByRole('link', { name: 'Reset Filter' }).click();
    await page.waitForURL(/\/admin\/integrations$/);
    await settled();
  });

  it('creates a role with the same tree and a user with that role', async () => {
    await page.getByRole('link', { name: 'User Roles' }).click();
    await page.getByRole('heading', { name: 'Roles', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Add New Role' }).click();
    await page.getByLabel('Role Name', { exact: true }).fill('Integrations clerk');
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await page.getByRole('tab', { name: 'Role Resources' }).click();
    // By keyboard: Space checks, ↓ moves to the next resource, ← collapses the branch.
    const portcullis = page.getByRole('checkbox', { name: 'Portcullis Portcullis::portcullis' });
    await portcullis.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await expect(page.getByRole('checkbox', { name: 'Integrations Portcullis::integrations' }).isChecked()).resolves.toBe(true);
    await expect(portcullis.evaluate(isIndeterminate)).resolves.toBe(true);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByRole('button', { name: 'Expand Portcullis' }).getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('button', { name: 'Collapse Portcullis' }).getAttribute('aria-expanded')).resolves.toBe('true');
    await screenshotBothWidths(page, 'role-edit');
    await page.getByRole('button', { name: 'Save Role' }).click();
    await page.getByText('You saved the role "Integrations clerk".').waitFor();
    await screenshotBothWidths(page, 'roles');

    await page.getByRole('link', { name: 'All Users' }).click();
    await page.getByRole('link', { name: 'Add New User' }).click();
    await page.getByLabel('User Name', { exact: true }).fill('clerk');
    await page.getByLabel('First Name', { exact: true }).fill('Casey');
    await page.getByLabel('Last Name', { exact: true }).fill('Clerk');
    await page.getByLabel('Email', { exact: true }).fill('clerk@shop.example');
    await page.getByLabel('Password', { exact: true }).fill('clerk-pass-1');
    await page.getByLabel('Role', { exact: true }).selectOption({ label: 'Integrations clerk' });
    await page.getByLabel('Your Password', { exact: true }).fill(server.adminPassword);
    await screenshotBothWidths(page, 'user-edit');
    await page.getByRole('button', { name: 'Save User' }).click();
    await page.getByText('You saved the user "clerk".').waitFor();
    await expect(page.locator('tr[data-user="clerk"] td[data-label="Role"]').textContent()).resolves.toBe('Integrations clerk');
    await screenshotBothWidths(page, 'users');
  });

  it('a role with only Portcullis::integrations: a menu of Integrations alone, and the integration form with its tree', async () => {
    const clerk = await browser.newContext({ viewport: WIDE });
    const clerkPage = await clerk.newPage();
    clerkPage.on('pageerror', (error) => pageErrors.push(error.message));
    await clerkPage.goto(`${base}/admin`);
    await clerkPage.getByLabel('Username', { exact: true }).fill('clerk');
    await clerkPage.getByLabel('Password', { exact: true }).fill('clerk-pass-1');
    await clerkPage.getByRole('button', { name: 'Sign in' }).click();
    await clerkPage.getByRole('heading', { name: 'Integrations', level: 1 }).waitFor();
    // The menu holds only the page the role allows.
    const menu = clerkPage.getByRole('navigation', { name: 'Main' });
    await expect(menu.getByRole('link').allTextContents()).resolves.toEqual(['Integrations']);

    // The integration form loads the resource tree (GET /rest/V1/acl/resources) and saves within the role's access.
    await clerkPage.getByRole('link', { name: 'Add New Integration' }).click();
    await clerkPage.getByRole('heading', { name: 'New Integration' }).waitFor();
    await clerkPage.locator('main[aria-busy="false"]').waitFor();
    await expect(clerkPage.getByRole('heading', { name: 'Access denied' }).count()).resolves.toBe(0);
    await clerkPage.getByLabel('Name', { exact: true }).fill('Clerk feed');
    await clerkPage.getByLabel('Email', { exact: true }).fill('feed@shop.example');
    await clerkPage.getByLabel('Your Password', { exact: true }).fill('clerk-pass-1');
    await clerkPage.getByRole('tab', { name: 'API' }).click();
    await clerkPage.getByRole('checkbox', { name: 'Integrations Portcullis::integrations' }).check();
    await clerkPage.getByRole('button', { name: 'Show effective permissions' }).click();
    await clerkPage.locator('.effective-panel tr[data-resource="Portcullis::integrations"]').waitFor();
    await screenshotBothWidths(clerkPage, 'integration-form-limited-role');
    await clerkPage.getByRole('button', { name: 'Save', exact: true }).click();
    await clerkPage.getByText("The integration 'Clerk feed' has been saved.").waitFor();

    // A page outside the role, reached by its address, says why in the admin's words (never "the consumer").
    await clerkPage.goto(`${base}/admin/roles`);
    await clerkPage.getByRole('heading', { name: 'Access denied' }).waitFor();
    const refusal = await clerkPage.getByRole('alert').textContent();
    expect(refusal).toBe("Your role isn't authorized to access Portcullis::roles.");
    expect(refusal).not.toMatch(/consumer/i);
    await clerk.close();
  });

  it('shows a user locked out by failed sign-ins as Locked, until when, and unlocks them; the own row offers no Delete', async () => {
    for (let i = 1; i <= 6; i += 1) {
      const attempt = await server.call('POST', '/rest/V1/integration/admin/token', { body: { username: 'clerk', password: `wrong-pass-${i}` } });
      expect(attempt.statusCode).toBe(401);
    }
    await page.goto(`${base}/admin/users`);
    await settled();
    const clerkRow = page.locator('tr[data-user="clerk"]');
    await expect(clerkRow.locator('.status').textContent()).resolves.toBe('Locked');
    await expect(clerkRow.locator('.status-reason').textContent()).resolves.toMatch(/^Until \d{4}-\d{2}-\d{2} \d{2}:\d{2}, after too many failed sign-ins\./);
    // Deleting oneself is refused: the admin's own row has Edit but no Delete; the others have both.
    const own = page.locator('tr[data-user="admin"]');
    await expect(own.getByRole('link', { name: 'Edit admin' }).count()).resolves.toBe(1);
    await expect(own.getByRole('button', { name: 'Delete admin' }).count()).resolves.toBe(0);
    await expect(clerkRow.getByRole('button', { name: 'Delete clerk' }).count()).resolves.toBe(1);
    await expect(own.getByRole('button', { name: 'Unlock admin' }).count()).resolves.toBe(0);
    await screenshotBothWidths(page, 'users-locked');

    await clerkRow.getByRole('button', { name: 'Unlock clerk' }).click();
    await page.getByText('You unlocked the user "clerk": they can sign in again.').waitFor();
    await settled();
    await expect(clerkRow.locator('.status').textContent()).resolves.toBe('Active');
    await expect(clerkRow.getByRole('button', { name: 'Unlock clerk' }).count()).resolves.toBe(0);
    const signIn = await server.call('POST', '/rest/V1/integration/admin/token', { body: { username: 'clerk', password: 'clerk-pass-1' } });
    expect(signIn.statusCode).toBe(200);
  });

  it('fits a 390 px screen without sideways scrolling', async () => {
    await page.setViewportSize(NARROW);
    for (const path of ['/admin/integrations', '/admin/integrations/new', '/admin/roles', '/admin/users']) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').waitFor();
      await expect(page.evaluate('document.documentElement.scrollWidth')).resolves.toBeLessThanOrEqual(NARROW.width);
    }
    await page.setViewportSize(WIDE);
  });

  it('signs out: the session cookie no longer works', async () => {
    await page.goto(`${base}/admin/integrations`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await page.goto(`${base}/admin/roles`);
    await page.getByRole('heading', { name: 'Welcome, please sign in' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
