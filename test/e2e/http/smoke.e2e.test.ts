import { startTestServer, type TestServer } from './server-harness';

describe('standalone server (SQLite): first start', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(() => t.close());

  it('creates admin with a printed password that signs in, and lists integrations with the token', async () => {
    expect(t.printed).toContain('username: admin');
    expect(t.printed).toContain(`password: ${t.adminPassword}`);
    const token = await t.signIn();
    expect(token).toMatch(/^[0-9a-z]{32}$/);
    const list = await t.call('GET', '/rest/V1/integrations', { token });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });
});
