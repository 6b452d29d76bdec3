import fc from 'fast-check';
import { parseAuthorizationHeader } from '../../../../src/domain/oauth/authorization-header';
import { OAuthRequest } from '../../../../src/domain/oauth/oauth-request';
import { OAuthHeaderMalformedError, OAuthParameterDuplicatedError } from '../../../../src/domain/oauth/oauth.errors';
import { DomainError } from '../../../../src/domain/kernel/domain-error';

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const VALID =
  'OAuth realm="Example", oauth_consumer_key="9djdj82h48djs9d2", oauth_token="kkk9d7dh3k39sjv7", ' +
  'oauth_signature_method="HMAC-SHA1", oauth_timestamp="137131201", oauth_nonce="7d8f3e4a", ' +
  'oauth_signature="bYT5CMsGcbgUdFHObYMEfcx6bsw%3D"';

describe('parseAuthorizationHeader', () => {
  it('returns the oauth_* parameters decoded, without realm', () => {
    const parameters = parseAuthorizationHeader(VALID);
    expect(Object.fromEntries(parameters)).toEqual({
      oauth_consumer_key: '9djdj82h48djs9d2',
      oauth_token: 'kkk9d7dh3k39sjv7',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '137131201',
      oauth_nonce: '7d8f3e4a',
      oauth_signature: 'bYT5CMsGcbgUdFHObYMEfcx6bsw=',
    });
  });

  it.each([
    ['scheme in any case', 'oauth oauth_nonce="n"'],
    ['no space after commas (the oauth package)', 'OAuth oauth_nonce="n",oauth_token="t"'],
    ['spaces around = and ,', 'OAuth  oauth_nonce = "n" ,  oauth_token="t"  '],
    ['tabs', 'OAuth\toauth_nonce="n",\toauth_token="t"'],
    ['empty list elements and a trailing comma', 'OAuth , oauth_nonce="n",, oauth_token="t",'],
    ['unquoted token values', 'OAuth oauth_nonce=n, oauth_token=t'],
    ['leading whitespace', '   OAuth oauth_nonce="n", oauth_token="t"'],
  ])('accepts %s', (_case, header) => {
    const parameters = parseAuthorizationHeader(header);
    expect(parameters.get('oauth_nonce')).toBe('n');
  });

  it('accepts the scheme alone (missing parameters are reported later)', () => {
    expect(parseAuthorizationHeader('OAuth').size).toBe(0);
    expect(parseAuthorizationHeader('OAuth   ').size).toBe(0);
  });

  it('decodes names and values; + in a header value is a literal plus (not form encoding)', () => {
    const parameters = parseAuthorizationHeader('OAuth oauth%5Fnonce="a%20b", oauth_signature="ab+/c==", oauth_token="%C3%A9"');
    expect(parameters.get('oauth_nonce')).toBe('a b');
    expect(parameters.get('oauth_signature')).toBe('ab+/c==');
    expect(parameters.get('oauth_token')).toBe('é');
  });

  it('reads quoted-pair escapes', () => {
    expect(parseAuthorizationHeader('OAuth oauth_nonce="a\\"b\\\\"').get('oauth_nonce')).toBe('a"b\\');
  });

  it('ignores realm (any case) and parameters that are not oauth_*, even repeated', () => {
    const parameters = parseAuthorizationHeader('OAuth realm="a", REALM="b", foo="1", foo="2", Oauth_nonce="x", oauth_nonce="n"');
    expect([...parameters.keys()]).toEqual(['oauth_nonce']);
  });

  it.each(['oauth_nonce', 'oauth_signature'])('refuses a repeated %s with a stable code', (name) => {
    const error = errorOf(() => parseAuthorizationHeader(`OAuth ${name}="a", oauth_token="t", ${name}="a"`));
    expect(error).toBeInstanceOf(OAuthParameterDuplicatedError);
    expect(error).toMatchObject({ code: 'OAUTH.PARAMETER_DUPLICATED', parameters: { parameter: name } });
  });

  it('counts a percent-encoded name as the same parameter', () => {
    expect(errorOf(() => parseAuthorizationHeader('OAuth oauth_nonce="a", oauth%5Fnonce="b"'))).toBeInstanceOf(OAuthParameterDuplicatedError);
  });

  it.each([
    ['empty', ''],
    ['another scheme', 'Bearer abc'],
    ['Basic', 'Basic dXNlcjpwYXNz'],
    ['scheme glued to a parameter', 'OAuthoauth_nonce="n"'],
    ['a token68', 'OAuth abc=='],
    ['a name without value', 'OAuth oauth_nonce'],
    ['a name with = and nothing', 'OAuth oauth_nonce='],
    ['an unterminated quote', 'OAuth oauth_nonce="abc'],
    ['garbage after a value', 'OAuth oauth_nonce="a"b'],
    ['two parameters without a comma', 'OAuth oauth_nonce="a" oauth_token="b"'],
    ['a control character in a value', 'OAuth oauth_nonce="a\u0001"'],
    ['a raw non-ASCII character in a value', 'OAuth oauth_nonce="é"'],
    ['a newline', 'OAuth oauth_nonce="a",\r\n oauth_token="b"'],
    ['a bad escape at the end', 'OAuth oauth_nonce="a\\'],
    ['a stray percent', 'OAuth oauth_nonce="100%"'],
    ['a bad percent triplet', 'OAuth oauth_nonce="%zz"'],
    ['bytes that are not UTF-8', 'OAuth oauth_nonce="%C3%28"'],
    ['a name that is not a token', 'OAuth "oauth_nonce"="n"'],
  ])('refuses %s with OAUTH.HEADER_MALFORMED', (_case, header) => {
    const error = errorOf(() => parseAuthorizationHeader(header));
    expect(error).toBeInstanceOf(OAuthHeaderMalformedError);
    expect(error).toMatchObject({ code: 'OAUTH.HEADER_MALFORMED' });
  });
});

describe('parseAuthorizationHeader fuzzing: any string parses or throws a DomainError, nothing else', () => {
  const PALETTE = ['"', ',', '=', '%', '\\', ' ', '\t', '\r', '\n', '\u0000', 'é', '😀', '\uD800', 'oauth_', '%2', '%C3', '%zz', 'realm', 'OAuth '];

  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace'), text: fc.oneof(fc.constantFrom(...PALETTE), fc.string({ unit: 'binary', maxLength: 3 })) });

  const mutated = fc.tuple(fc.constantFrom(VALID, 'OAuth oauth_nonce="n",oauth_token="t"', 'OAuth oauth_signature=abc%3D'), fc.array(edit, { minLength: 1, maxLength: 6 })).map(([base, edits]) =>
    edits.reduce((text, { at, kind, text: piece }) => {
      const i = text.length === 0 ? 0 : at % (text.length + 1);
      if (kind === 'insert') return text.slice(0, i) + piece + text.slice(i);
      if (kind === 'delete') return text.slice(0, i) + text.slice(i + 1);
      return text.slice(0, i) + piece + text.slice(i + piece.length);
    }, base),
  );

  const structured = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('oauth_nonce', 'oauth_token', 'oauth_signature', 'realm', 'x', ''), fc.string({ maxLength: 8 })),
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('%', '%4', '%41', '"', '\\"')),
        fc.constantFrom('"', '', "'"),
        fc.constantFrom(',', ', ', ' ', ',,', ''),
      ),
      { maxLength: 6 },
    )
    .map((parts) => `${['OAuth ', 'oauth ', 'OAuth', ''][parts.length % 4] ?? ''}${parts.map(([n, v, q, sep]) => `${n}=${q}${v}${q}${sep}`).join('')}`);

  const anyHeader = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), mutated, structured);

  const onlyDomainErrors = (action: () => unknown): boolean => {
    try {
      action();
      return true;
    } catch (error) {
      return error instanceof DomainError && /^OAUTH\.[A-Z_]+$/.test(error.code);
    }
  };

  it('10,000 random and mutated headers', () => {
    let parsed = 0;
    fc.assert(
      fc.property(anyHeader, (header) => {
        const ok = onlyDomainErrors(() => {
          const parameters = parseAuthorizationHeader(header);
          for (const name of parameters.keys()) if (!name.startsWith('oauth_')) throw new Error(`returned ${name}`);
          parsed += 1;
        });
        return ok;
      }),
      { numRuns: 10_000 },
    );
    // The mix must exercise both outcomes, or the fuzzing proves little.
    expect(parsed).toBeGreaterThan(500);
  });

  it('2,000 whole requests with random headers, paths, queries and bodies', () => {
    fc.assert(
      fc.property(anyHeader, fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.option(fc.string({ unit: 'binary', maxLength: 30 }), { nil: undefined }), (authorization, path, rawQuery, formBody) =>
        onlyDomainErrors(() => OAuthRequest.parse({ method: 'POST', baseUrl: 'https://api.example.com', path: `/${path}`, rawQuery, formBody, authorization })),
      ),
      { numRuns: 2_000 },
    );
  });
});
