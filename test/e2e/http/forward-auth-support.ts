import { oauth1aHeader } from '../../support/oauth-clients';
import { type TestServer } from './server-harness';

/**
 * What the guard's tests through forward-auth share: an active integration made through the admin
 * API, a call signed for the gateway's public URL by oauth-1.0a, and forward-auth's question as a
 * gateway asks it.
 */

/** An integration's four OAuth 1.0a credentials, as the admin API shows them at activation. */
export interface IntegrationCredentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** Creates an integration allowed `resources` and activates it locally ("Save and Activate") on `t`. */
export async function anActiveIntegration(
  t: TestServer,
  adminToken: string,
  name: string,
  resources: readonly string[],
): Promise<{ id: string; credentials: IntegrationCredentials }> {
  const response = await t.call('POST', '/rest/V1/integrations', {
    token: adminToken,
    body: { name, email: 'ops@erp.example', resourceAccess: 'custom', resources, activate: true, currentPassword: t.adminPassword },
  });
  if (response.statusCode !== 201) throw new Error(`integration "${name}" not created: ${response.statusCode} ${response.body}`);
  const body = response.json<{ integration: { id: string }; activation: { credentials: IntegrationCredentials } }>();
  return { id: body.integration.id, credentials: body.activation.credentials };
}

export interface SignedCall {
  /** The gateway's public URL, which the client signs for (the server's PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  /** Default GET. */
  readonly method?: string;
  /** Path and query as the client calls them; default `/rest/V1/orders`. */
  readonly uri?: string;
  /** Default: a fresh one. */
  readonly nonce?: string;
  /** oauth_timestamp; default: the real clock's. */
  readonly timestamp?: number;
}

/** The Authorization header oauth-1.0a sends for the call, signed with the integration's credentials. */
export function signedHeader(credentials: IntegrationCredentials, call: SignedCall): string {
  return oauth1aHeader({
    method: call.method ?? 'GET',
    url: `${call.publicBaseUrl}${call.uri ?? '/rest/V1/orders'}`,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    token: credentials.accessToken,
    tokenSecret: credentials.accessTokenSecret,
    ...(call.nonce !== undefined ? { nonce: call.nonce } : {}),
    ...(call.timestamp !== undefined ? { timestamp: call.timestamp } : {}),
  });
}

/** The oauth_timestamp of the test server's clock (which stands still unless told). */
export const timestampOf = (t: TestServer): number => Math.floor(t.clock.now().getTime() / 1000);

/**
 * The headers of forward-auth's question (`GET /rest/V1/authorize`): may a request to the original
 * method and URI (default GET /rest/V1/orders) pass with this Authorization, needing `required`?
 */
export function forwardAuthHeaders(authorization: string | undefined, required: string, original: { method?: string; uri?: string } = {}): Record<string, string> {
  return {
    'x-original-method': original.method ?? 'GET',
    'x-original-uri': original.uri ?? '/rest/V1/orders',
    'x-required-resources': required,
    ...(authorization !== undefined ? { authorization } : {}),
  };
}
