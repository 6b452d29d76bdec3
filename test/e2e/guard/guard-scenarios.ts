import {
  anAdminToken,
  anIntegration,
  C,
  call,
  callSigned,
  deactivateElsewhere,
  json,
  oauth1aHeader,
  ROUTES,
  signing,
  type Credentials,
  type EmbeddedPortcullis,
  type Host,
} from './guard-harness';

/** What each framework's suite hands to the shared scenarios once its host app is up. */
export interface GuardWorld {
  readonly embedded: EmbeddedPortcullis;
  readonly host: Host;
}

/**
 * The behaviour a host's API gets from the guard, the same whichever framework wrapper it uses
 * (docs/oauth.md §5): real HTTP, signatures made by `oauth-1.0a`, answers as the standalone server's.
 */
export function guardScenarios(world: () => GuardWorld): void {
  const portcullis = (): GuardWorld['embedded']['portcullis'] => world().embedded.portcullis;

  it('allows an integration\'s signed call within its grant, the handler seeing the principal', async () => {
    const { embedded, host } = world();
    const { id, credentials } = await anIntegration(portcullis(), [C.products]);
    // (oauth-1.0a signs a raw `+` in a query as %2B, so none is sent.)
    const answer = await callSigned(host, embedded, credentials, { path: `${ROUTES.products}?searchCriteria[pageSize]=10&q=two%20words&q=%C3%A9` });
    expect(answer.status).toBe(200);
    expect(json(answer)).toEqual({ principal: { kind: 'integration', integrationId: id, name: expect.stringMatching(/^Catalog sync/) as unknown } });
  });

  it('lets anyone call an anonymous route', async () => {
    const answer = await call(world().host, ROUTES.health);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ principal: { kind: 'anonymous' } });
  });

  it('answers 401 without an Authorization header', async () => {
    const answer = await call(world().host, ROUTES.products);
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({
      message: 'Authentication is required: the request has no Authorization header. Send an OAuth 1.0a signed request or a bearer token.',
      code: 'GUARD.UNAUTHENTICATED',
      parameters: { reason: 'the request has no Authorization header' },
    });
  });

  it('answers 401 for a bad signature', async () => {
    const { embedded, host } = world();
    const { credentials } = await anIntegration(portcullis(), [C.products]);
    const answer = await callSigned(host, embedded, { ...credentials, consumerSecret: 'x'.repeat(32) }, { path: ROUTES.products });
    expect(answer.status).toBe(401);
    expect(json(answer)).toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
  });

  it('answers 400 for a malformed OAuth header', async () => {
    const answer = await call(world().host, ROUTES.products, { headers: { authorization: 'OAuth oauth_consumer_key="a", oauth_consumer_key="b"' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ code: expect.stringMatching(/^OAUTH\./) as unknown });
  });

  it('answers 401 for an unknown bearer token', async () => {
    const answer = await call(world().host, ROUTES.products, { headers: { authorization: `Bearer ${'u'.repeat(32)}` } });
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ code: 'GUARD.UNAUTHENTICATED', parameters: { reason: 'the bearer token is unknown' } });
  });

  it('says so when an integration sends its access token as bearer (disabled by default)', async () => {
    const { credentials } = await anIntegration(portcullis(), [C.products]);
    const answer = await call(world().host, ROUTES.products, { headers: { authorization: `Bearer ${credentials.accessToken}` } });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ message: 'Bearer use of integration tokens is disabled', code: 'GUARD.INTEGRATION_BEARER_DISABLED', parameters: {} });
  });

  it('answers 403 naming every missing resource', async () => {
    const { embedded, host } = world();
    const { credentials } = await anIntegration(portcullis(), [C.products]);
    const answer = await callSigned(host, embedded, credentials, { path: ROUTES.salesReport });
    expect(answer.status).toBe(403);
    expect(json(answer)).toEqual({
      message: `The consumer isn't authorized to access ${C.createOrder}, ${C.reports}.`,
      code: 'ACCESS.DENIED',
      parameters: { resources: `${C.createOrder}, ${C.reports}` },
    });
  });

  it('refuses a revoked integration\'s token (once the guard cache bound of 1 s has passed)', async () => {
    const { embedded, host } = world();
    const { id, credentials } = await anIntegration(portcullis(), [C.products]);
    expect((await callSigned(host, embedded, credentials, { path: ROUTES.products })).status).toBe(200);

    await portcullis().integrations.revoke({ id });
    embedded.clock.advance(1);
    const answer = await callSigned(host, embedded, credentials, { path: ROUTES.products });
    expect(answer.status).toBe(401);
    expect(json(answer)).toMatchObject({ message: 'Access token has been revoked', code: 'OAUTH.TOKEN_REVOKED' });
  });

  it('refuses an integration that is no longer active', async () => {
    const { embedded, host } = world();
    const { id, credentials } = await anIntegration(portcullis(), [C.products]);
    expect((await callSigned(host, embedded, credentials, { path: ROUTES.products })).status).toBe(200);

    await deactivateElsewhere(embedded, id);
    embedded.clock.advance(1);
    const answer = await callSigned(host, embedded, credentials, { path: ROUTES.products });
    expect(answer.status).toBe(401);
    expect(json(answer)).toMatchObject({ code: 'OAUTH.INTEGRATION_INACTIVE' });
  });

  it('applies a grant narrowed by integrations.update to the next request (past the 1 s cache bound)', async () => {
    const { embedded, host } = world();
    const { id, credentials } = await anIntegration(portcullis(), [C.products, C.createOrder, C.reports]);
    expect((await callSigned(host, embedded, credentials, { path: ROUTES.salesReport })).status).toBe(200);

    await portcullis().integrations.update({ id, resourceAccess: 'custom', resources: [C.products] });
    embedded.clock.advance(1);
    const narrowed = await callSigned(host, embedded, credentials, { path: ROUTES.salesReport });
    expect(narrowed.status).toBe(403);
    expect(json(narrowed)).toMatchObject({ parameters: { resources: `${C.createOrder}, ${C.reports}` } });
    expect((await callSigned(host, embedded, credentials, { path: ROUTES.products })).status).toBe(200);
  });

  it('signs the parameters of a form-encoded body: the handler gets them, a tampered value is refused', async () => {
    const { embedded, host } = world();
    const { credentials } = await anIntegration(portcullis(), [C.createOrder]);
    const form = { sku: 'WS12-M-Orange', qty: '1', note: 'two words & more' };

    const allowed = await callSigned(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form });
    expect(allowed.status).toBe(200);
    expect(json(allowed)).toMatchObject({ principal: { kind: 'integration' }, body: form });

    const authorization = oauth1aHeader(signing(host, embedded, credentials, { method: 'POST', path: ROUTES.orders, form }));
    const tampered = await call(host, ROUTES.orders, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...form, qty: '100' }).toString(),
    });
    expect(tampered.status).toBe(401);
    expect(tampered.json).toMatchObject({ code: 'OAUTH.SIGNATURE_INVALID' });
  });

  it('does not sign a JSON body (as Magento): a signed JSON post is allowed', async () => {
    const { embedded, host } = world();
    const { credentials } = await anIntegration(portcullis(), [C.createOrder]);
    const authorization = oauth1aHeader(signing(host, embedded, credentials, { method: 'POST', path: ROUTES.orders }));
    const answer = await call(host, ROUTES.orders, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ sku: 'A' }) });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ principal: { kind: 'integration' }, body: { sku: 'A' } });
  });

  it('allows an admin\'s bearer token within the admin role, naming the admin', async () => {
    const token = await anAdminToken(portcullis());
    const answer = await call(world().host, ROUTES.salesReport, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ principal: { kind: 'admin', adminUserId: expect.any(String) as unknown, username: 'admin' } });

    await portcullis().adminAuth.signOut({ token });
    world().embedded.clock.advance(1);
    const signedOut = await call(world().host, ROUTES.salesReport, { headers: { authorization: `Bearer ${token}` } });
    expect(signedOut.status).toBe(401);
  });

  it('counts each integration\'s calls per hour, allowed and refused by reason, exactly as made (after a flush)', async () => {
    const { embedded, host } = world();
    const { id, credentials } = await anIntegration(portcullis(), [C.products]);
    const other = await anIntegration(portcullis(), [C.products]);
    const status = async (made: Promise<{ status: number }>): Promise<number> => (await made).status;
    const signed = (using: Credentials, extra: { nonce?: string; timestamp?: number; path?: string } = {}): string =>
      oauth1aHeader({ ...signing(host, embedded, using, { path: extra.path ?? ROUTES.products }), ...extra });
    const send = (authorization: string, path: string = ROUTES.products): Promise<number> => status(call(host, path, { headers: { authorization } }));

    for (let i = 0; i < 5; i++) expect(await status(callSigned(host, embedded, credentials, { path: ROUTES.products }))).toBe(200);
    expect(await status(callSigned(host, embedded, other.credentials, { path: ROUTES.products }))).toBe(200);
    expect(await send(signed({ ...credentials, consumerSecret: 'x'.repeat(32) }))).toBe(401);
    const replayed = signed(credentials, { nonce: `replayed-${id}` });
    expect(await send(replayed)).toBe(200);
    expect(await send(replayed)).toBe(401);
    const nowSeconds = Math.floor(embedded.clock.now().getTime() / 1000);
    expect(await send(signed(credentials, { timestamp: nowSeconds - 3600 }))).toBe(400);
    expect(await send(signed(credentials, { path: ROUTES.salesReport }), ROUTES.salesReport)).toBe(403);
    // No integration to count these for: no credential, and an unknown consumer key.
    expect(await status(call(host, ROUTES.products))).toBe(401);
    expect(await send(signed({ ...credentials, consumerKey: 'k'.repeat(32) }))).toBe(401);
    await portcullis().integrations.revoke({ id });
    embedded.clock.advance(1);
    expect(await status(callSigned(host, embedded, credentials, { path: ROUTES.products }))).toBe(401);

    expect(await portcullis().flushUsage()).toMatchObject({ failed: 0 });
    const to = new Date(embedded.clock.now().getTime() + 3_600_000);
    const usage = await portcullis().integrations.usage({ id, to });
    expect(usage.totals).toEqual({ allowed: 6, refused: { signature: 1, nonce: 1, timestamp: 1, forbidden: 1, revoked: 1 } });
    expect(usage.hours.reduce((sum, hour) => sum + hour.allowed, 0)).toBe(6);
    expect((await portcullis().integrations.usage({ id: other.id, to })).totals).toEqual({ allowed: 1, refused: {} });
    const listed = await portcullis().integrations.list({ pageSize: 200 });
    expect(listed.items.find((item) => item.id === id)?.calls24h).toBe(6);
  });
}
