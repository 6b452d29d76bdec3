import Fastify, { type FastifyInstance } from 'fastify';
import { type AuthorizeFn, portcullisFastifyPlugin, type PortcullisFastifyOptions } from '../../../../src/adapters/fastify-guard/portcullis-fastify-plugin';
import { GuardUnauthenticatedError } from '../../../../src/application/guard/guard.errors';
import { type GuardRequest, type Principal } from '../../../../src/application/guard/authorize-request.use-case';

/**
 * Which requests reach a guarded handler, and with what the guard saw, however the host's routes
 * and hooks are made: the plugin's hooks are callbacks (one promise a request), so these pin what
 * an async hook gave for free (a failed refusal still answers) and what the deferred check of a
 * signed form post must not trust (headers a host hook changed, methods a host gave a body). The
 * guard here accepts only `Authorization: OAuth good`, and records every call.
 */
const GOOD = 'OAuth good';
const FORM = 'application/x-www-form-urlencoded';

function recordingGuard(): { authorize: AuthorizeFn; seen: GuardRequest[] } {
  const seen: GuardRequest[] = [];
  const authorize: AuthorizeFn = (request) => {
    seen.push(request);
    if (request.headers.authorization !== GOOD) return Promise.reject(new GuardUnauthenticatedError('bad signature'));
    return Promise.resolve<Principal>({ kind: 'integration', integrationId: 'i1', name: 'n' });
  };
  return { authorize, seen };
}

async function hostWith(options: Partial<PortcullisFastifyOptions> & Pick<PortcullisFastifyOptions, 'authorize'>, routes: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(portcullisFastifyPlugin, options);
  routes(app);
  await app.ready();
  return app;
}

describe('the Fastify plugin\'s hooks', () => {
  it('checks a signed form GET on a GET+POST route once, in preValidation, with an empty body', async () => {
    const { authorize, seen } = recordingGuard();
    const app = await hostWith({ authorize }, (a) => a.route({ method: ['GET', 'POST'], url: '/x', config: { resources: ['R'] }, handler: (r) => ({ p: r.portcullis }) }));
    const bad = await app.inject({ method: 'GET', url: '/x', headers: { authorization: 'OAuth bad', 'content-type': FORM } });
    expect(bad.statusCode).toBe(401);
    const good = await app.inject({ method: 'GET', url: '/x', headers: { authorization: GOOD, 'content-type': FORM } });
    expect(good.statusCode).toBe(200);
    expect(seen.map((r) => r.formBody)).toEqual(['', '']);
    await app.close();
  });

  it('checks a signed HEAD (Fastify\'s HEAD route of a GET+POST route) exactly once', async () => {
    const { authorize, seen } = recordingGuard();
    const app = await hostWith({ authorize }, (a) => a.route({ method: ['GET', 'POST'], url: '/x', config: { resources: ['R'] }, handler: () => 'ok' }));
    expect((await app.inject({ method: 'HEAD', url: '/x', headers: { authorization: GOOD } })).statusCode).toBe(200);
    expect(seen).toHaveLength(1);
    await app.close();
  });

  it.each(['HEAD', 'OPTIONS', 'DELETE', 'GET'] as const)('refuses a bad signature on %s (GET route exposes HEAD; OPTIONS/DELETE routes)', async (method) => {
    const { authorize } = recordingGuard();
    const app = await hostWith({ authorize }, (a) => {
      a.get('/g', { config: { resources: ['R'] } }, () => 'ok');
      a.route({ method: ['OPTIONS', 'DELETE'], url: '/o', config: { resources: ['R'] }, handler: () => 'ok' });
    });
    const url = method === 'HEAD' || method === 'GET' ? '/g' : '/o';
    for (const ct of [undefined, FORM, 'APPLICATION/X-WWW-FORM-URLENCODED; charset=utf-8']) {
      const headers: Record<string, string> = { authorization: 'OAuth bad' };
      if (ct !== undefined) headers['content-type'] = ct;
      const payload = method === 'GET' || method === 'HEAD' ? undefined : 'a=1';
      expect((await app.inject({ method, url, headers, ...(payload ? { payload } : {}) })).statusCode).toBe(401);
    }
    await app.close();
  });

  it('gives the guard the body of an uppercase / charset form DELETE (its parameters are signed)', async () => {
    const { authorize, seen } = recordingGuard();
    const app = await hostWith({ authorize }, (a) => a.delete('/d', { config: { resources: ['R'] } }, (r) => ({ body: r.body })));
    const answer = await app.inject({ method: 'DELETE', url: '/d', headers: { authorization: GOOD, 'content-type': 'Application/X-WWW-Form-Urlencoded ; Charset=UTF-8' }, payload: 'a=1' });
    expect(answer.statusCode).toBe(200);
    expect(seen[0]?.formBody).toBe('a=1');
    await app.close();
  });

  // A host hook between onRequest and preValidation that strips the Authorization header (a common
  // "don't pass credentials on" step) must not make the deferred check look unnecessary.
  it('never lets a deferred signed form post through unchecked when a host hook strips Authorization', async () => {
    const { authorize, seen } = recordingGuard();
    const app = await hostWith({ authorize }, (a) =>
      a.post(
        '/orders',
        {
          config: { resources: ['R'] },
          onRequest: (request, _reply, done) => {
            delete request.headers.authorization;
            done();
          },
        },
        (r) => ({ principal: r.portcullis, body: r.body }),
      ),
    );
    const answer = await app.inject({ method: 'POST', url: '/orders', headers: { authorization: 'OAuth forged', 'content-type': FORM }, payload: 'amount=1000' });
    expect(seen).toHaveLength(1);
    expect(answer.statusCode).toBe(401);
    await app.close();
  });

  // A host may give GET a body (fastify.addHttpMethod('GET', { hasBody: true })): its form body is
  // then parsed, and the guard must check the signature over it.
  it('never hands a handler form parameters the guard did not see (GET with a body, addHttpMethod)', async () => {
    const { authorize, seen } = recordingGuard();
    const app = Fastify({ logger: false });
    app.addHttpMethod('GET', { hasBody: true, overrideExisting: true });
    await app.register(portcullisFastifyPlugin, { authorize });
    app.get('/g', { config: { resources: ['R'] } }, (r) => ({ body: r.body }));
    await app.ready();
    const answer = await app.inject({ method: 'GET', url: '/g', headers: { authorization: GOOD, 'content-type': FORM }, payload: 'transfer=all' });
    expect(answer.statusCode).toBe(200);
    expect(seen.map((request) => request.formBody)).toEqual(['transfer=all']);
    expect(answer.json<{ body: unknown }>().body).toEqual({ transfer: 'all' });
    await app.close();
  });

  // The refusal runs in the guard promise's callback: if answering it throws (here the host's
  // isUnavailable), Fastify must answer 500, never leave the request hanging with the rejection
  // unhandled (Node's default: the process exits).
  it('answers 500 (not an unhandled rejection) when refusing throws', async () => {
    let sawUnhandled!: (what: string) => void;
    const unhandled = new Promise<string>((resolve) => {
      sawUnhandled = resolve;
    });
    const onUnhandled = (): void => {
      sawUnhandled('unhandled rejection');
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const app = await hostWith(
        {
          authorize: () => Promise.reject(new Error('storage down')),
          isUnavailable: () => {
            throw new TypeError('host check failed');
          },
        },
        (a) => a.get('/g', { config: { resources: ['R'] } }, () => 'ok'),
      );
      const answered = app.inject({ method: 'GET', url: '/g', headers: { authorization: GOOD } }).then((r) => r.statusCode);
      expect(await Promise.race([answered, unhandled])).toBe(500);
      await app.close();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
