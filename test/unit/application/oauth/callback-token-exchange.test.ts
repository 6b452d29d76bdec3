import { statusOf } from '../../../../src/adapters/http/http-errors';
import { CallbackTokenExchange, type CallbackTokenExchangeSettings } from '../../../../src/application/oauth/callback-token-exchange';
import { type HttpPostOptions, type HttpPostOutcome, type HttpPoster } from '../../../../src/application/ports/http-poster.port';
import { CallbackFailedError } from '../../../../src/application/ports/token-exchange.port';
import { Integration } from '../../../../src/domain/integration/integration.aggregate';

const CONSUMER_KEY = 'k'.repeat(32);
const CONSUMER_SECRET = 'consumersecret0123456789abcdefgh';
const VERIFIER = 'verifier0123456789abcdefghijklmn';
const SETTINGS: CallbackTokenExchangeSettings = {
  storeBaseUrl: 'https://portcullis.test/',
  successCallbackUrl: 'https://portcullis.test/admin/oauth/success?close=1&x=y',
  timeoutMs: 1234,
};

interface Posted {
  readonly url: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly options: HttpPostOptions;
}

/** Records each POST and answers with the outcome it is given. */
class RecordingPoster implements HttpPoster {
  readonly posted: Posted[] = [];
  constructor(private readonly outcome: HttpPostOutcome) {}

  postForm(url: string, fields: Readonly<Record<string, string>>, options: HttpPostOptions): Promise<HttpPostOutcome> {
    this.posted.push({ url, fields: { ...fields }, options: { ...options } });
    return Promise.resolve(this.outcome);
  }
}

function anIntegration(details: { endpoint?: string; identityLinkUrl?: string } = {}): Integration {
  return Integration.create({
    id: 'id-1',
    name: 'Shipping Bridge',
    email: 'ops@shipping.example',
    endpoint: details.endpoint ?? 'https://partner.example/hook?tenant=7',
    identityLinkUrl: details.identityLinkUrl ?? 'https://partner.example/login',
    setupType: 'manual',
    credentials: [{ kind: 'oauth1', key: CONSUMER_KEY, secret: CONSUMER_SECRET }],
    now: new Date('2026-01-01T00:00:00Z'),
  });
}

const answered = (status: number): HttpPostOutcome => ({ kind: 'answered', status });

describe('CallbackTokenExchange', () => {
  describe('sendCredentials', () => {
    it('posts exactly the four fields to the callback URL with the configured timeout', async () => {
      const poster = new RecordingPoster(answered(200));

      await new CallbackTokenExchange(poster, SETTINGS).sendCredentials(anIntegration(), VERIFIER);

      expect(poster.posted).toEqual([
        {
          url: 'https://partner.example/hook?tenant=7',
          fields: {
            oauth_consumer_key: CONSUMER_KEY,
            oauth_consumer_secret: CONSUMER_SECRET,
            store_base_url: 'https://portcullis.test/',
            oauth_verifier: VERIFIER,
          },
          options: { timeoutMs: 1234 },
        },
      ]);
      expect(Object.keys(poster.posted[0]?.fields ?? {})).toEqual(['oauth_consumer_key', 'oauth_consumer_secret', 'store_base_url', 'oauth_verifier']);
    });

    it.each([200, 201, 204, 299])('accepts a %i answer', async (status) => {
      await expect(new CallbackTokenExchange(new RecordingPoster(answered(status)), SETTINGS).sendCredentials(anIntegration(), VERIFIER)).resolves.toBeUndefined();
    });

    it.each([100, 199, 300, 302, 304, 400, 404, 500, 503])('refuses a %i answer with CallbackFailedError naming the status', async (status) => {
      const refusal = new CallbackTokenExchange(new RecordingPoster(answered(status)), SETTINGS).sendCredentials(anIntegration(), VERIFIER);

      await expect(refusal).rejects.toBeInstanceOf(CallbackFailedError);
      const error = (await refusal.catch((caught: unknown) => caught)) as CallbackFailedError;
      expect(error.code).toBe('OAUTH.CALLBACK_FAILED');
      expect(error.parameters).toEqual({ name: 'Shipping Bridge', status });
      expect(error.message).toContain(`HTTP ${status}`);
      expect(error.message).toContain('"Shipping Bridge"');
      expect(error.message).not.toContain(CONSUMER_SECRET);
      expect(error.message).not.toContain(VERIFIER);
      expect(JSON.stringify(error.parameters)).not.toContain(CONSUMER_SECRET);
      expect(statusOf(error)).toBe(502);
    });

    it.each([
      'the connection timed out after 1234 ms',
      'the connection to 10.0.0.5:8080 was refused',
      'the connection was closed before an answer arrived',
      'the host name partner.example could not be resolved (DNS)',
      'the address 127.0.0.1 is loopback and not in the allowed networks',
    ])('refuses a failed POST (%s) with one generic message; the reason only on the error, for the log', async (reason) => {
      const refusal = new CallbackTokenExchange(new RecordingPoster({ kind: 'failed', reason }), SETTINGS).sendCredentials(anIntegration(), VERIFIER);

      const error = (await refusal.catch((caught: unknown) => caught)) as CallbackFailedError;
      expect(error).toBeInstanceOf(CallbackFailedError);
      expect(error.code).toBe('OAUTH.CALLBACK_FAILED');
      expect(error.message).toBe('The callback URL of integration "Shipping Bridge" could not be reached, so the integration was not activated.');
      expect(error.parameters).toEqual({ name: 'Shipping Bridge' });
      expect(error.reason).toBe(reason);
      expect(statusOf(error)).toBe(502);
    });
  });

  describe('identityLinkFor', () => {
    const key = `oauth_consumer_key=${CONSUMER_KEY}`;
    const callback = `success_call_back=${encodeURIComponent(SETTINGS.successCallbackUrl)}`;
    const linkFor = (identityLinkUrl: string): Promise<string> =>
      new CallbackTokenExchange(new RecordingPoster(answered(200)), SETTINGS).identityLinkFor(anIntegration({ identityLinkUrl }));

    it('appends the consumer key and the URL-encoded success callback', async () => {
      await expect(linkFor('https://partner.example/login')).resolves.toBe(`https://partner.example/login?${key}&${callback}`);
      expect(callback).toBe('success_call_back=https%3A%2F%2Fportcullis.test%2Fadmin%2Foauth%2Fsuccess%3Fclose%3D1%26x%3Dy');
    });

    it('uses & when the link already has a query', async () => {
      await expect(linkFor('https://partner.example/login?lang=en')).resolves.toBe(`https://partner.example/login?lang=en&${key}&${callback}`);
    });

    it.each(['?', '&'])('adds no second separator when the link ends with %s', async (end) => {
      const base = end === '?' ? 'https://partner.example/login?' : 'https://partner.example/login?lang=en&';
      await expect(linkFor(base)).resolves.toBe(`${base}${key}&${callback}`);
    });

    it('keeps a #fragment at the end', async () => {
      await expect(linkFor('https://partner.example/login#/connect')).resolves.toBe(`https://partner.example/login?${key}&${callback}#/connect`);
      await expect(linkFor('https://partner.example/login?lang=en#top')).resolves.toBe(`https://partner.example/login?lang=en&${key}&${callback}#top`);
    });

    it('does not take a ? inside the fragment for the query', async () => {
      await expect(linkFor('https://partner.example/login#step?2')).resolves.toBe(`https://partner.example/login?${key}&${callback}#step?2`);
    });

    it('keeps everything after the first #, a second # included', async () => {
      await expect(linkFor('https://partner.example/login#a#b')).resolves.toBe(`https://partner.example/login?${key}&${callback}#a#b`);
    });

    it('encodes a consumer key or callback with reserved characters', async () => {
      const exchange = new CallbackTokenExchange(new RecordingPoster(answered(200)), { ...SETTINGS, successCallbackUrl: 'https://p.test/a b+c' });
      const link = await exchange.identityLinkFor(anIntegration());

      expect(new URL(link).searchParams.get('success_call_back')).toBe('https://p.test/a b+c');
      expect(new URL(link).searchParams.get('oauth_consumer_key')).toBe(CONSUMER_KEY);
    });
  });
});
