import { InvalidValueError } from '../../../../src/domain/kernel/domain-error';
import { HttpUrl } from '../../../../src/domain/kernel/http-url.value-object';
import { thrownError } from '../../../support/errors';

const errorOf = (run: () => unknown): InvalidValueError => thrownError(InvalidValueError, run);

describe('HttpUrl', () => {
  it.each(['https://partner.example/hook?tenant=7', 'http://127.0.0.1:8080/callback', 'https://[2001:db8::1]/cb'])('accepts %j as it is', (value) => {
    expect(HttpUrl.createOptional(`  ${value} `, 'endpoint')?.value).toBe(value);
  });

  it.each([
    ['user and password', 'https://admin:s3cr3t-pw@partner.example/hook'],
    ['a user only', 'https://admin@partner.example/hook'],
    ['a password only', 'https://:s3cr3t-pw@partner.example/hook'],
    ['a user that hides the real host', 'http://partner.example@127.0.0.1:8080/'],
  ])('refuses a URL with %s, naming the field and never repeating the password', (_, value) => {
    const error = errorOf(() => HttpUrl.createOptional(value, 'endpoint'));

    expect(error.code).toBe('VALIDATION.URL_INVALID');
    expect(error.message).toBe('"endpoint" must not contain a user name or password ("user:password@" before the host); give the URL without them.');
    expect(error.parameters).toEqual({ field: 'endpoint' });
    expect(`${error.message}${JSON.stringify(error.parameters)}`).not.toContain('s3cr3t-pw');
  });

  it.each([
    ['too long', `https://admin:s3cr3t-pw@partner.example/${'x'.repeat(300)}`],
    ['not parsable', 'https://admin:s3cr3t-pw@partner example/hook'],
    ['not http(s)', 'ftp://admin:s3cr3t-pw@partner.example/hook'],
  ])('never echoes the user info of a URL that is also %s', (_, value) => {
    const error = errorOf(() => HttpUrl.createOptional(value, 'endpoint'));

    expect(error.code).toBe('VALIDATION.URL_INVALID');
    expect(`${error.message}${JSON.stringify(error.parameters)}`).not.toContain('s3cr3t-pw');
    expect(error.message).toContain('://***@partner');
  });

  it('names the field it validates', () => {
    expect(errorOf(() => HttpUrl.createOptional('https://u:p@partner.example/login', 'identity_link_url')).parameters).toEqual({ field: 'identity_link_url' });
  });
});
