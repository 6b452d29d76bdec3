import { validateHeaderValue } from 'node:http';
import { type LightMyRequestResponse } from 'fastify';
import { CALLBACK_SERVER_NETWORKS, CallbackServer } from '../../support/callback-server';
import { oauth1aHeader, tokenPairOf, type Oauth1aSigning, type SignatureMethod, type TokenPairJson } from '../../support/oauth-clients';
import { startTestServer, type TestServer } from './server-harness';

/**
 * Fuzzing the `Authorization` header of the three OAuth-signed endpoints (docs/oauth.md §2–5): valid
 * headers produced by `oauth-1.0a` for real integrations, mutated, plus synthetic ones. Whatever
 * arrives, the answer is a refusal (400 malformed, 401 not authenticated), never a 500 or 503; the
 * token endpoints always answer in the OAuth wire format.
 *
 * Deterministic: a seeded PRNG drives every choice, so a failure reproduces with the same seed.
 * Mutants never answer 200 by design: an API-call mutant derives from a header whose nonce was
 * just spent (by sending it unmutated first), request-token mutants from an integration whose
 * verifier token was already exchanged, access-token mutants from headers signed with a wrong
 * token secret or a wrong verifier. Only unmutated valid API calls (and one final access-token
 * exchange) may answer 200.
 */
const SEED = 0x5eed_0a7a;
const TOTAL = 10_200;
const BATCH = 50;
const ACL = 'Portcullis::acl';
const BASE = 'http://localhost';

type Endpoint = 'request' | 'access' | 'api';
const ROUTES: Readonly<Record<Endpoint, { method: 'POST' | 'GET'; path: string }>> = {
  request: { method: 'POST', path: '/oauth/token/request' },
  access: { method: 'POST', path: '/oauth/token/access' },
  api: { method: 'GET', path: '/rest/V1/acl/resources' },
};
const ENDPOINTS: readonly Endpoint[] = ['request', 'access', 'api'];

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
class Prng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  string(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i += 1) out += alphabet[this.int(alphabet.length)] ?? '';
    return out;
  }
}

/** A header as a client sends it over HTTP: text as UTF-8 bytes, read by Node as latin1. */
const asHeaderBytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const HIGH = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
const PARAM_NAMES = ['oauth_consumer_key', 'oauth_token', 'oauth_signature_method', 'oauth_signature', 'oauth_nonce', 'oauth_timestamp', 'oauth_version', 'oauth_verifier'];
const SNIPPETS = [
  '"', ',', '=', ' ', '\t', '\\', '\\"', '%', '%2', '%zz', '%00', '%25', '%C3%28', '%FF%FE', '%E2%82%AC', '%F0%9F%98%80', '%ED%A0%80', '+', ';', '&', '?', '/', '#',
  ',,', ', ,', '=""', '="', 'oauth_nonce="x"', 'realm="Example"', 'oauth_foo="bar"', 'OAuth ', 'Bearer ', '\u00ff', '\u0080', asHeaderBytes('é'), asHeaderBytes('😀'),
  asHeaderBytes('\u202e'), '\r', '\n', '\u0000', '\u0001', '\u007f', '\u000b', 'ä', '\u0100', '😀',
];
const SCHEMES = ['OAuth', 'oauth', 'OAUTH', 'OAuth2', 'OAuth,', 'OAuth=', 'Bearer', 'bearer', 'Basic', 'Digest', 'Token', 'Negotiate', '', ' OAuth', '\tOAuth', 'OAuth\t', 'O Auth', 'OAuth realm="x",'];
const METHODS = ['HMAC-SHA256', 'HMAC-SHA1', 'hmac-sha256', 'HMAC-SHA512', 'PLAINTEXT', 'RSA-SHA1', 'HMAC_SHA256', '', ' HMAC-SHA256', 'HMAC-SHA256 '];

interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
}

interface Fixture {
  /** Active integration, allowed the ACL tree: API calls. */
  readonly caller: Credentials & { readonly access: TokenPairJson };
  /** In its token exchange, verifier already exchanged for a request token: both token endpoints. */
  readonly exchanging: Credentials & { readonly requestToken: TokenPairJson; readonly verifier: string };
}

interface Param {
  name: string;
  value: string;
}

/** `OAuth a="b", c="d"` as produced by oauth-1.0a, split into its parts (raw, still percent-encoded). */
function split(header: string): { scheme: string; params: Param[] } {
  const space = header.indexOf(' ');
  const params = header
    .slice(space + 1)
    .split(', ')
    .map((part) => {
      const eq = part.indexOf('=');
      return { name: part.slice(0, eq), value: part.slice(eq + 2, -1) };
    });
  return { scheme: header.slice(0, space), params };
}
const join = (scheme: string, params: readonly Param[], separator = ', '): string => `${scheme} ${params.map((p) => `${p.name}="${p.value}"`).join(separator)}`;

class Generator {
  constructor(
    private readonly random: Prng,
    private readonly fixture: Fixture,
    private readonly now: () => number,
  ) {}

  private counter = 0;

  nonce(): string {
    this.counter += 1;
    return `fuzz${this.counter}n${this.random.string(ALNUM, 12)}`;
  }

  /** A header oauth-1.0a signs; for `access`, deliberately wrong in its token secret or verifier. */
  base(endpoint: Endpoint): string {
    const { caller, exchanging } = this.fixture;
    const signatureMethod: SignatureMethod = this.random.chance(0.3) ? 'HMAC-SHA1' : 'HMAC-SHA256';
    const common = { method: ROUTES[endpoint].method, url: `${BASE}${ROUTES[endpoint].path}`, signatureMethod, nonce: this.nonce(), timestamp: this.now() };
    let signing: Oauth1aSigning;
    if (endpoint === 'api') {
      signing = { ...common, consumerKey: caller.consumerKey, consumerSecret: caller.consumerSecret, token: caller.access.token, tokenSecret: caller.access.secret };
    } else if (endpoint === 'request') {
      signing = { ...common, consumerKey: exchanging.consumerKey, consumerSecret: exchanging.consumerSecret };
    } else {
      const wrongVerifier = this.random.chance(0.3);
      signing = {
        ...common,
        consumerKey: exchanging.consumerKey,
        consumerSecret: exchanging.consumerSecret,
        token: exchanging.requestToken.token,
        tokenSecret: wrongVerifier ? exchanging.requestToken.secret : `${exchanging.requestToken.secret.slice(1)}x`,
        oauthParams: { oauth_verifier: wrongVerifier ? this.random.string('abcdefghijklmnopqrstuvwxyz0123456789', 32) : exchanging.verifier },
      };
    }
    return oauth1aHeader(signing);
  }

  /** One to three mutations of a valid header. */
  mutate(header: string): string {
    let out = header;
    const rounds = 1 + this.random.int(3);
    for (let i = 0; i < rounds; i += 1) out = this.mutateOnce(out);
    return out;
  }

  private mutateOnce(header: string): string {
    const r = this.random;
    const at = (text: string): number => r.int(text.length + 1);
    switch (r.int(16)) {
      case 0: {
        // Replace one character.
        const i = r.int(header.length);
        const alphabet = r.pick([PRINTABLE, ALNUM, HIGH, '\t"\\,=% ']);
        return header.slice(0, i) + (alphabet[r.int(alphabet.length)] ?? '') + header.slice(i + 1);
      }
      case 1: {
        // Flip one bit of one byte.
        const i = r.int(header.length);
        return header.slice(0, i) + String.fromCharCode((header.charCodeAt(i) ^ (1 << r.int(8))) & 0xff) + header.slice(i + 1);
      }
      case 2:
        return header.slice(0, at(header));
      case 3: {
        const i = at(header);
        return header.slice(0, i) + header.slice(i + 1 + r.int(20));
      }
      case 4: {
        const i = at(header);
        return header.slice(0, i) + r.pick(SNIPPETS) + header.slice(i);
      }
      default:
        return this.mutateStructure(header);
    }
  }

  private mutateStructure(header: string): string {
    const r = this.random;
    const parsed = header.startsWith('OAuth ') ? split(header) : null;
    if (parsed === null || parsed.params.length === 0) return `${header}${r.pick(SNIPPETS)}`;
    const { params } = parsed;
    let { scheme } = parsed;
    const index = r.int(params.length);
    const param = params[index] as Param;
    switch (r.int(14)) {
      case 0:
        params.push({ ...param, value: r.chance(0.5) ? param.value : this.value(param.name) });
        break;
      case 1:
        params.splice(index, 1);
        break;
      case 2:
        param.value = this.value(param.name);
        break;
      case 3:
        param.value = r.string(r.pick([ALNUM, PRINTABLE.replace(/["\\]/g, ''), '%']), r.pick([1, 1000, 5000, 12_000]));
        break;
      case 4:
        param.name = r.pick([param.name.toUpperCase(), param.name.replace('_', '%5F'), `x${param.name}`, param.name.slice(1), `${param.name} `, `${param.name}\t`, '', 'realm', r.pick(PARAM_NAMES)]);
        break;
      case 5:
        scheme = r.pick(SCHEMES);
        break;
      case 6:
        // Unquoted values (tokens), or an unclosed quote.
        return `${scheme} ${params.map((p, i) => (i === index ? `${p.name}="${p.value}` : `${p.name}=${p.value}`)).join(', ')}`;
      case 7:
        return join(scheme, params, r.pick([',', ',,', ' , ', ';', '&', ' ', '\t,\t', ',\t', '']));
      case 8:
        params.reverse();
        break;
      case 9:
        params.splice(r.int(params.length + 1), 0, { name: r.pick(['realm', 'oauth_callback', 'oauth_body_hash', 'foo', 'oauth_']), value: this.value('other') });
        break;
      case 10:
        // Backslash escapes inside a quoted value.
        param.value = param.value.replace(/./g, (c) => (r.chance(0.3) ? `\\${c}` : c));
        break;
      case 11:
        param.value = percentEncodedOrAsIs(param.value).replace(/%/g, r.pick(['%25', '%', '%%']));
        break;
      case 12:
        return `${scheme} ${params.map((p) => `${p.name}${r.pick(['=', ' = ', '\t=\t', '=='])}"${p.value}"`).join(', ')}`;
      default: {
        const timestamp = params.find((p) => p.name === 'oauth_timestamp');
        if (timestamp !== undefined) timestamp.value = this.value('oauth_timestamp');
        break;
      }
    }
    return join(scheme, params);
  }

  /** Values that go near the checks: right length, wrong length, real credentials in the wrong place. */
  value(name: string): string {
    const r = this.random;
    const { caller, exchanging } = this.fixture;
    const now = this.now();
    const generic = [
      '',
      ' ',
      r.string(ALNUM, r.int(40)),
      r.string('abcdefghijklmnopqrstuvwxyz0123456789', 32),
      r.string(ALNUM, 31),
      r.string(ALNUM, 33),
      r.string(ALNUM, 256),
      r.string(ALNUM, 255),
      caller.consumerKey,
      exchanging.consumerKey,
      caller.access.token,
      exchanging.requestToken.token,
      exchanging.verifier,
      encodeURIComponent(asHeaderBytes('ünïcødé😀')),
      asHeaderBytes('ünïcødé'),
      '%',
      '%G0',
      '%C3',
      '%C3%28',
      '%ED%A0%80',
      '%00',
      '%0A%0D',
      'a%2Cb',
      'a,b',
      '\\"',
      'null',
      'undefined',
      '__proto__',
      'constructor',
      'toString',
      '-1',
      '0',
    ];
    switch (name) {
      case 'oauth_timestamp':
        return r.pick([
          String(now),
          String(now + 601),
          String(now - 601),
          String(now + 599),
          String(now - 599),
          '0',
          '-1',
          '1e10',
          String(now) + '.5',
          ` ${now}`,
          `0x${now.toString(16)}`,
          '999999999999999',
          '9999999999999999',
          '99999999999999999999999999',
          String(Number.MAX_SAFE_INTEGER),
          'NaN',
          'Infinity',
          `${now}%00`,
          ...generic,
        ]);
      case 'oauth_signature_method':
        return r.pick([...METHODS.map(encodeURIComponent), ...generic]);
      case 'oauth_version':
        return r.pick(['1.0', '1.0a', '1.00', '2.0', '1', ' 1.0', '1.0%20', ...generic]);
      case 'oauth_nonce':
        return r.pick([r.string(ALNUM, 255), r.string(ALNUM, 256), r.string(ALNUM, 1), r.string('%41', 300), this.nonce(), ...generic]);
      case 'oauth_signature':
        return r.pick([r.string(`${ALNUM}%2B%2F%3D`, 44), encodeURIComponent(Buffer.from(r.string(ALNUM, 32)).toString('base64')), ...generic]);
      default:
        return r.pick(generic);
    }
  }

  /** Headers not derived from a signed one. */
  synthetic(): string {
    const r = this.random;
    switch (r.int(8)) {
      case 0:
        return r.pick(['', ' ', '\t', '  \t ', 'OAuth', 'OAuth ', 'oauth', 'OAuth ,', 'OAuth ,,,', 'OAuth =', 'OAuth a', 'OAuth a=', 'OAuth "x"', 'Bearer', 'Bearer ', 'Basic', 'null']);
      case 1:
        return `${r.pick(['Bearer', 'Basic', 'Digest', 'bearer', 'Token', 'OAuth2'])} ${r.pick([
          r.string(ALNUM, 32),
          this.fixture.caller.access.token,
          Buffer.from(`${this.fixture.caller.consumerKey}:${this.fixture.caller.consumerSecret}`).toString('base64'),
          r.string(PRINTABLE, r.int(100)),
          'a b c',
          '',
        ])}`;
      case 2:
        return r.string(PRINTABLE, r.int(200));
      case 3:
        return r.string(`${PRINTABLE}${HIGH}\t`, r.int(300));
      case 4:
        return `OAuth ${r.string(`${ALNUM}"=, \\%_\t`, r.int(300))}`;
      case 5:
        return r.pick(['OAuth ', 'oauth ', 'OAUTH\t']) + 'x'.repeat(r.pick([1000, 8000, 15_000]));
      default: {
        // Structured: random sets of protocol parameters with values near the checks.
        const count = r.int(10);
        const params: Param[] = [];
        for (let i = 0; i < count; i += 1) {
          const name = r.chance(0.9) ? r.pick(PARAM_NAMES) : r.pick(['realm', 'oauth_callback', r.string(ALNUM, 5)]);
          params.push({ name, value: this.value(name) });
        }
        return join(r.pick(['OAuth', 'OAuth', 'oauth']), params, r.pick([', ', ',', ' ,']));
      }
    }
  }
}

interface Outcome {
  endpoint: Endpoint;
  kind: 'valid' | 'mutant' | 'synthetic';
  header: string;
  status: number;
  contentType: string;
  body: string;
}

/** What is wrong with an answer, or null. */
function problemWith(outcome: Outcome): string | null {
  const allowed = outcome.kind === 'valid' && outcome.endpoint === 'api' ? [200, 400, 401] : [400, 401];
  if (!allowed.includes(outcome.status)) return `status ${outcome.status}`;
  if (outcome.status === 200) return null;
  if (outcome.endpoint === 'api') {
    if (!outcome.contentType.startsWith('application/json')) return `content-type ${outcome.contentType}`;
    try {
      const body = JSON.parse(outcome.body) as { message?: unknown };
      return typeof body.message === 'string' && body.message !== '' ? null : 'JSON body without a message';
    } catch {
      return 'body is not JSON';
    }
  }
  if (!outcome.contentType.startsWith('application/x-www-form-urlencoded')) return `content-type ${outcome.contentType}`;
  if (!/^oauth_problem=/.test(outcome.body)) return 'body is not oauth_problem=…';
  return null;
}

/** The refusal's message: `message` of the JSON answer, or `oauth_problem` of the form answer. */
function messageOf(outcome: Outcome): string {
  if (outcome.endpoint !== 'api') return new URLSearchParams(outcome.body).get('oauth_problem') ?? '';
  try {
    const { message } = JSON.parse(outcome.body) as { message?: unknown };
    return typeof message === 'string' ? message : '';
  } catch {
    return '';
  }
}

const shown = (text: string): string => (text.length > 300 ? `${JSON.stringify(text.slice(0, 300))}… (${text.length} chars)` : JSON.stringify(text));

describe('fuzzing the OAuth Authorization header (SQLite)', () => {
  let t: TestServer;
  let fixture: Fixture;
  const partner = new CallbackServer();

  beforeAll(async () => {
    await partner.start();
    t = await startTestServer('sqlite', { config: { outboundAllowedNetworks: CALLBACK_SERVER_NETWORKS } });
    const adminToken = await t.signIn();
    const now = (): number => Math.floor(t.clock.now().getTime() / 1000);
    const create = async (name: string): Promise<Readonly<Record<string, string>>> => {
      const response = await t.call('POST', '/rest/V1/integrations', {
        token: adminToken,
        body: { name, email: 'dev@partner.example', endpoint: partner.endpoint, identityLinkUrl: partner.identityLinkUrl, resourceAccess: 'custom', resources: [ACL], activate: true, currentPassword: t.adminPassword },
      });
      expect(response.statusCode).toBe(201);
      return partner.last;
    };
    const post = async (path: string, signing: Oauth1aSigning): Promise<TokenPairJson> => {
      const response = await t.call('POST', path, { headers: { authorization: oauth1aHeader({ ...signing, timestamp: now() }) } });
      expect(response.statusCode).toBe(200);
      return tokenPairOf(response.body);
    };
    const handshake = async (posted: Readonly<Record<string, string>>): Promise<{ consumer: Credentials; requestToken: TokenPairJson }> => {
      const consumer = { consumerKey: posted.oauth_consumer_key ?? '', consumerSecret: posted.oauth_consumer_secret ?? '' };
      const requestToken = await post('/oauth/token/request', { method: 'POST', url: `${BASE}/oauth/token/request`, ...consumer });
      return { consumer, requestToken };
    };

    const callerPosted = await create('Fuzz caller');
    const caller = await handshake(callerPosted);
    const access = await post('/oauth/token/access', {
      method: 'POST',
      url: `${BASE}/oauth/token/access`,
      ...caller.consumer,
      token: caller.requestToken.token,
      tokenSecret: caller.requestToken.secret,
      oauthParams: { oauth_verifier: callerPosted.oauth_verifier ?? '' },
    });
    const exchangingPosted = await create('Fuzz exchanging');
    const exchanging = await handshake(exchangingPosted);
    fixture = {
      caller: { ...caller.consumer, access },
      exchanging: { ...exchanging.consumer, requestToken: exchanging.requestToken, verifier: exchangingPosted.oauth_verifier ?? '' },
    };
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await partner.stop();
  });

  it('10,000+ random and mutated headers on the token endpoints and an API route: only 400 or 401 (200 only for unmutated valid calls)', async () => {
    const random = new Prng(SEED);
    const now = (): number => Math.floor(t.clock.now().getTime() / 1000);
    const generator = new Generator(random, fixture, now);
    const outcomes: Outcome[] = [];
    let skipped = 0;

    const send = async (endpoint: Endpoint, kind: Outcome['kind'], header: string): Promise<void> => {
      try {
        validateHeaderValue('authorization', header);
      } catch {
        // Not a value HTTP can carry (CR, LF, NUL, other controls, characters above U+00FF).
        skipped += 1;
        return;
      }
      const route = ROUTES[endpoint];
      const response: LightMyRequestResponse = await t.call(route.method, route.path, { headers: { authorization: header } });
      outcomes.push({ endpoint, kind, header, status: response.statusCode, contentType: String(response.headers['content-type'] ?? ''), body: response.body });
    };

    for (let batch = 0; outcomes.length < TOTAL; batch += 1) {
      const endpoint = ENDPOINTS[batch % ENDPOINTS.length] as Endpoint;
      // The base goes first, unmutated: for an API call this spends its nonce, so no mutant can be accepted.
      const base = generator.base(endpoint);
      await send(endpoint, 'valid', base);
      const others: Array<Promise<void>> = [];
      for (let i = 1; i < BATCH; i += 1) {
        others.push(random.chance(0.7) ? send(endpoint, 'mutant', generator.mutate(base)) : send(endpoint, 'synthetic', generator.synthetic()));
      }
      await Promise.all(others);
    }

    // Last, the exchange the access-token mutants circled around: it succeeds once, and only once.
    const { exchanging } = fixture;
    const exchange = oauth1aHeader({
      method: 'POST',
      url: `${BASE}/oauth/token/access`,
      ...exchanging,
      token: exchanging.requestToken.token,
      tokenSecret: exchanging.requestToken.secret,
      oauthParams: { oauth_verifier: exchanging.verifier },
      timestamp: now(),
    });
    expect((await t.call('POST', '/oauth/token/access', { headers: { authorization: exchange } })).statusCode).toBe(200);
    expect((await t.call('POST', '/oauth/token/access', { headers: { authorization: exchange } })).statusCode).toBe(401);

    const failures = outcomes
      .map((outcome) => ({ outcome, problem: problemWith(outcome) }))
      .filter(({ problem }) => problem !== null)
      .slice(0, 10)
      .map(({ outcome, problem }) => `${problem} — ${outcome.kind} ${ROUTES[outcome.endpoint].path} Authorization: ${shown(outcome.header)} → ${outcome.status} ${shown(outcome.body)}`);
    expect(failures).toEqual([]);

    const distribution = (endpoint: Endpoint): Record<number, number> => {
      const counts: Record<number, number> = {};
      for (const outcome of outcomes) if (outcome.endpoint === endpoint) counts[outcome.status] = (counts[outcome.status] ?? 0) + 1;
      return counts;
    };
    expect(outcomes.length).toBeGreaterThanOrEqual(10_000);
    expect(skipped).toBeLessThan(TOTAL * 0.1);
    for (const endpoint of ENDPOINTS) {
      const counts = distribution(endpoint);
      expect({ endpoint, has400: (counts[400] ?? 0) > 0, has401: (counts[401] ?? 0) > 0 }).toEqual({ endpoint, has400: true, has401: true });
    }
    // The fuzzer reached every check, not only the parser: each endpoint saw these refusals.
    const reached = (endpoint: Endpoint): Set<string> => new Set(outcomes.filter((outcome) => outcome.endpoint === endpoint).map(messageOf));
    const common = ['The Authorization header is not a valid OAuth header: ', 'parameter appears more than once', 'is required. Enter and try again.', 'Oauth version isn\'t supported', 'Signature method ', 'Incorrect timestamp value', 'Consumer key is not the correct length', 'A consumer having the specified key does not exist', 'The signature is invalid. Verify and try again.'];
    const expected: Readonly<Record<Endpoint, readonly string[]>> = {
      request: [...common, 'Cannot create request token because consumer token is not a verifier token'],
      access: [...common, 'Verifier is invalid', 'The token length is invalid'],
      api: [...common, 'The nonce is already being used by the consumer with ID ', 'The token length is invalid', 'The admin token is not valid'],
    };
    for (const endpoint of ENDPOINTS) {
      const messages = [...reached(endpoint)];
      expect({ endpoint, missing: expected[endpoint].filter((part) => !messages.some((message) => message.includes(part))) }).toEqual({ endpoint, missing: [] });
    }
    // The only 200s: unmutated valid API calls, each with a fresh nonce.
    const accepted = outcomes.filter((outcome) => outcome.status === 200);
    const validApiCalls = outcomes.filter((outcome) => outcome.kind === 'valid' && outcome.endpoint === 'api');
    expect(accepted.every((outcome) => outcome.kind === 'valid' && outcome.endpoint === 'api')).toBe(true);
    expect(accepted.length).toBe(validApiCalls.length);
    expect(accepted.length).toBeLessThan(outcomes.length * 0.03);

    // The server is unharmed: a fresh signed call still passes.
    const { caller } = fixture;
    const fresh = oauth1aHeader({ method: 'GET', url: `${BASE}/rest/V1/acl/resources`, ...caller, token: caller.access.token, tokenSecret: caller.access.secret, timestamp: now() });
    expect((await t.call('GET', '/rest/V1/acl/resources', { headers: { authorization: fresh } })).statusCode).toBe(200);
  }, 120_000);
});

/**
 * The value percent-encoded, or as it is when it cannot be: case 10 escapes code units one by one,
 * so a backslash may land between the two halves of a surrogate pair, and encodeURIComponent
 * throws URIError on the lone halves (seen in CI with an emoji the generator had put in a value).
 */
function percentEncodedOrAsIs(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch (error) {
    if (error instanceof URIError) return value;
    throw error;
  }
}
