import { type HttpUseCases } from '../http-use-cases';
import { RESPONSES } from '../response-schemas';
import { route, type RouteSpec } from '../route-spec';
import { type SignInBody } from '../dtos/sign-in.dto';

export const ADMIN_TOKEN_URL = '/rest/V1/integration/admin/token';

/** Admin sign-in and sign-out (docs/oauth.md §6, Magento-compatible). */
export function adminAuthRoutes(useCases: HttpUseCases): RouteSpec[] {
  return [
    route<SignInBody>({
      method: 'POST',
      url: ADMIN_TOKEN_URL,
      operationId: 'createAdminToken',
      summary: 'Sign in: exchange an admin username and password for a bearer token',
      description:
        'Answers the token as a JSON string (as Magento does). Tokens last 4 h unless configured. After 6 failed sign-ins in a row, the username is locked for 1800 s, even with the right password.',
      tag: 'Admin sign-in',
      access: 'anonymous',
      body: {
        schema: {
          type: 'object',
          properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' } },
          required: ['username', 'password'],
        },
      },
      success: { status: 200, description: 'The bearer token.', schema: RESPONSES.token },
      errorDescriptions: {
        400: 'Username and/or password missing; each missing field is named.',
        401: 'Wrong credentials, inactive account or locked-out username (one message for all).',
      },
      errors: [401],
      handle: async ({ body }) => (await useCases.adminAuth.signIn.execute({ username: body.username, password: body.password })).token,
    }),
    route({
      method: 'DELETE',
      url: ADMIN_TOKEN_URL,
      operationId: 'revokeAdminToken',
      summary: 'Sign out: revoke the bearer token sent with this request',
      tag: 'Admin sign-in',
      access: 'signed-in',
      success: { status: 200, description: 'true once the token is revoked.', schema: RESPONSES.boolean },
      handle: async ({ token }) => (await useCases.adminAuth.signOut.execute({ token: token ?? '' })).revoked,
    }),
  ];
}
