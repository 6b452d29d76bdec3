import { type IssueAccessToken } from '../../../application/oauth/issue-access-token.use-case';
import { type IssueRequestToken } from '../../../application/oauth/issue-request-token.use-case';
import { type TokenPair } from '../../../application/oauth/token-pair';
import { DomainError } from '../../../domain/kernel/domain-error';
import { statusOf } from '../http-errors';
import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { formAnswer, RawAnswer, route, type RouteContext, type RouteSpec } from '../route-spec';
import { consumerRequestOf } from '../signed-request';

const TAG = 'OAuth 1.0a';

/** What the two token endpoints share: anonymous, the OAuth wire format, a token pair or a refusal. */
const TOKEN_ENDPOINT = {
  tag: TAG,
  access: 'anonymous',
  wire: 'oauth',
  success: { status: 200, description: '`oauth_token=<32>&oauth_token_secret=<32>`', schema: RESPONSES.oauthTokenPair },
  errors: [401],
  errorDescriptions: { 400: 'Malformed OAuth request: `oauth_problem=<message>`.', 401: 'Authentication failed: `oauth_problem=<message>`.' },
} as const;

/** Where the identity-link pop-up returns (`success_call_back`); the composition root builds the URL from it. */
export const LOGIN_SUCCESS_PATH = '/admin/integrations/login-success';

/** Magento's page closes itself after a second; so does ours, and says what happened meanwhile. */
const LOGIN_SUCCESS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Integration setup complete</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><p>The third party has finished setting up the integration. This window closes by itself.</p>
<script>setTimeout(function () { window.close(); }, 1000);</script></body></html>
`;

/** The token endpoints of the handshake (docs/oauth.md §1 steps 3–4), answered in the OAuth wire format. */
export function oauthRoutes(useCases: HttpUseCases, publicBaseUrl: string | undefined): RouteSpec[] {
  const answer = async (useCase: IssueRequestToken | IssueAccessToken, { request }: RouteContext<unknown, unknown>): Promise<RawAnswer> => {
    let pair: TokenPair;
    try {
      pair = await useCase.execute(consumerRequestOf(request, publicBaseUrl));
    } catch (error) {
      // Refusals in Magento's format; anything else (an outage, a bug) goes to the error handler.
      if (error instanceof DomainError && error.code.startsWith('OAUTH.')) return formAnswer(statusOf(error), { oauth_problem: error.message });
      throw error;
    }
    return formAnswer(200, { oauth_token: pair.token, oauth_token_secret: pair.secret });
  };
  return [
    route({
      method: 'POST',
      url: '/oauth/token/request',
      operationId: 'getRequestToken',
      summary: 'Request token (handshake step 3): signed with the consumer secret, within the exchange window',
      description:
        'Authorization: OAuth with oauth_consumer_key, oauth_signature_method (HMAC-SHA256, or HMAC-SHA1 unless disabled), oauth_signature, oauth_nonce, oauth_timestamp (oauth_version optional, 1.0). Refusals: `oauth_problem=<message>`, 400 for malformed input, 401 for failed authentication.',
      ...TOKEN_ENDPOINT,
      handle: (context) => answer(useCases.oauth.requestToken, context),
    }),
    route({
      method: 'POST',
      url: '/oauth/token/access',
      operationId: 'getAccessToken',
      summary: 'Access token (handshake step 4): the request token and verifier for the access token; the integration becomes active',
      description:
        'As /oauth/token/request, plus oauth_token (the request token) and oauth_verifier (posted to the callback URL); signed with the consumer secret and the request token secret.',
      ...TOKEN_ENDPOINT,
      handle: (context) => answer(useCases.oauth.accessToken, context),
    }),
    route({
      method: 'GET',
      url: LOGIN_SUCCESS_PATH,
      operationId: 'identityLinkDone',
      summary: 'The `success_call_back` page: the third party sends the identity-link pop-up here when its setup is done; it closes itself',
      tag: TAG,
      access: 'anonymous',
      wire: 'html',
      success: { status: 200, description: 'A page that closes its window.', schema: { type: 'string' } },
      handle: () => Promise.resolve(new RawAnswer(200, 'text/html; charset=utf-8', LOGIN_SUCCESS_PAGE)),
    }),
  ];
}
