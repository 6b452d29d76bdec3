import { adminAuthSettingsOf, ConfigError, guardSettingsOf, oauthSettingsOf, outboundAddressPolicyOf, publicBaseUrlOf } from '../../../src/infrastructure/config';
import { buildContainer } from '../../../src/infrastructure/container/build-container';
import { createPortcullis } from '../../../src/infrastructure/create-portcullis';
import { thrownError } from '../../support/errors';

const configErrorOf = (run: () => unknown): ConfigError => thrownError(ConfigError, run);

describe('adminAuthSettingsOf', () => {
  it('defaults to 4 h tokens and 6 failures then 1800 s', () => {
    expect(adminAuthSettingsOf({})).toEqual({ tokenLifetimeSeconds: 14400, lockout: { maxFailures: 6, lockSeconds: 1800 } });
  });

  it('takes the configured values, each on its own', () => {
    expect(adminAuthSettingsOf({ adminTokenLifetimeSeconds: 600, signInLockout: { maxFailures: 3 } })).toEqual({
      tokenLifetimeSeconds: 600,
      lockout: { maxFailures: 3, lockSeconds: 1800 },
    });
    expect(adminAuthSettingsOf({ signInLockout: { lockSeconds: 1 } }).lockout).toEqual({ maxFailures: 6, lockSeconds: 1 });
  });

  it.each([
    ['adminTokenLifetimeSeconds', '0', { adminTokenLifetimeSeconds: 0 }],
    ['adminTokenLifetimeSeconds', '-60', { adminTokenLifetimeSeconds: -60 }],
    ['adminTokenLifetimeSeconds', '1.5', { adminTokenLifetimeSeconds: 1.5 }],
    ['adminTokenLifetimeSeconds', 'NaN', { adminTokenLifetimeSeconds: Number.NaN }],
    ['adminTokenLifetimeSeconds', 'Infinity', { adminTokenLifetimeSeconds: Number.POSITIVE_INFINITY }],
    ['adminTokenLifetimeSeconds', '3600', { adminTokenLifetimeSeconds: '3600' as unknown as number }],
    ['signInLockout.maxFailures', '0', { signInLockout: { maxFailures: 0 } }],
    ['signInLockout.maxFailures', '2.5', { signInLockout: { maxFailures: 2.5 } }],
    ['signInLockout.lockSeconds', '-1', { signInLockout: { lockSeconds: -1 } }],
    ['signInLockout.lockSeconds', 'NaN', { signInLockout: { lockSeconds: Number.NaN } }],
  ])('refuses %s = %s with CONFIG.INVALID naming the setting and the value', (name, shown, config) => {
    const error = configErrorOf(() => adminAuthSettingsOf(config));

    expect(error.code).toBe('CONFIG.INVALID');
    expect(error.message).toBe(`"${name}" must be a positive whole number, not ${shown}.`);
  });

  it('is applied by the composition root: a bad value stops it at once', async () => {
    expect(() => buildContainer({ signInLockout: { maxFailures: 0 } })).toThrow(ConfigError);
    await expect(createPortcullis({ adminTokenLifetimeSeconds: 0 })).rejects.toMatchObject({ code: 'CONFIG.INVALID' });
  });
});

describe('oauthSettingsOf', () => {
  it("defaults to docs/oauth.md's values", () => {
    expect(oauthSettingsOf({})).toEqual({
      allowSha1: true,
      timestampSkewSeconds: 600,
      exchangeWindowSeconds: 300,
      callbackTimeoutMs: 5000,
      unfinishedTokenLifetimeSeconds: 7200,
    });
  });

  it('takes each configured value on its own', () => {
    expect(oauthSettingsOf({ oauth: { allowSha1: false, exchangeWindowSeconds: 60 } })).toMatchObject({ allowSha1: false, exchangeWindowSeconds: 60, timestampSkewSeconds: 600 });
  });

  it.each([
    [{ timestampSkewSeconds: 0 }, '"oauth.timestampSkewSeconds" must be a whole number of at least 1, not 0.'],
    [{ callbackTimeoutMs: 2.5 }, '"oauth.callbackTimeoutMs" must be a whole number of at least 1, not 2.5.'],
    [{ exchangeWindowSeconds: '300' as unknown as number }, '"oauth.exchangeWindowSeconds" must be a whole number of at least 1, not 300.'],
    [{ allowSha1: 'yes' as unknown as boolean }, '"oauth.allowSha1" must be true or false, not yes.'],
  ])('refuses %j with CONFIG.INVALID naming the setting', (oauth, message) => {
    const error = configErrorOf(() => oauthSettingsOf({ oauth }));
    expect(error.message).toBe(message);
  });
});

describe('publicBaseUrlOf', () => {
  it('is undefined when not configured and drops trailing slashes', () => {
    expect(publicBaseUrlOf({})).toBeUndefined();
    expect(publicBaseUrlOf({ publicBaseUrl: 'https://auth.example.com:8443//' })).toBe('https://auth.example.com:8443');
  });

  it.each(['auth.example.com', 'ftp://auth.example.com', 'https://auth.example.com/prefix', 'https://u:p@auth.example.com', 'https://auth.example.com?x=1', 'https://auth example.com'])(
    'refuses %s',
    (publicBaseUrl) => {
      expect(configErrorOf(() => publicBaseUrlOf({ publicBaseUrl })).message).toBe(
        `"publicBaseUrl" must be http(s)://host[:port] with no path, query or user info, not "${publicBaseUrl}".`,
      );
    },
  );

  it('is checked when the container is built', () => {
    expect(() => buildContainer({ publicBaseUrl: 'https://auth.example.com/prefix' })).toThrow(ConfigError);
  });
});

describe('outboundAddressPolicyOf', () => {
  it('allows nothing private by default, and what is listed when given', () => {
    expect(outboundAddressPolicyOf({}).refusalOf('127.0.0.1', [{ address: '127.0.0.1', family: 4 }])).toBe('the address 127.0.0.1 is loopback and not in the allowed networks');
    expect(outboundAddressPolicyOf({ outboundAllowedNetworks: ['127.0.0.0/8'] }).refusalOf('127.0.0.1', [{ address: '127.0.0.1', family: 4 }])).toBeNull();
  });

  it('refuses an entry that is no address, range or host name, naming it', () => {
    expect(configErrorOf(() => outboundAddressPolicyOf({ outboundAllowedNetworks: ['http://erp.internal/'] })).message).toBe(
      '"outboundAllowedNetworks": "http://erp.internal/" is not an IP address, a CIDR range (such as 10.0.0.0/8 or fd00::/8) or a host name.',
    );
  });

  it('is checked when the container is built', () => {
    expect(() => buildContainer({ outboundAllowedNetworks: ['10.0.0.0/99'] })).toThrow(ConfigError);
  });
});

describe('guardSettingsOf', () => {
  it('defaults to bearer use of integration tokens off, lastUsedAt once a minute, a 1 s cache, usage written every 5 s', () => {
    expect(guardSettingsOf({})).toEqual({ integrationBearer: false, lastUsedIntervalSeconds: 60, cacheTtlMs: 1000, usageFlushSeconds: 5 });
  });

  it('takes configured values', () => {
    expect(guardSettingsOf({ guard: { integrationBearer: true, cacheTtlMs: 0, usageFlushSeconds: 60 } })).toEqual({
      integrationBearer: true,
      lastUsedIntervalSeconds: 60,
      cacheTtlMs: 0,
      usageFlushSeconds: 60,
    });
  });

  it.each([
    [{ cacheTtlMs: 1001 }, '"guard.cacheTtlMs" must be a whole number from 0 to 1000 (the promised staleness bound), not 1001.'],
    [{ cacheTtlMs: -1 }, '"guard.cacheTtlMs" must be a whole number from 0 to 1000 (the promised staleness bound), not -1.'],
    [{ lastUsedIntervalSeconds: 0 }, '"guard.lastUsedIntervalSeconds" must be a whole number of at least 1, not 0.'],
    [{ integrationBearer: 'yes' as unknown as boolean }, '"guard.integrationBearer" must be true or false, not yes.'],
    [{ usageFlushSeconds: 0 }, '"guard.usageFlushSeconds" must be a whole number from 1 to 60, not 0.'],
    [{ usageFlushSeconds: 61 }, '"guard.usageFlushSeconds" must be a whole number from 1 to 60, not 61.'],
  ])('refuses %j', (guard, message) => {
    expect(configErrorOf(() => guardSettingsOf({ guard })).message).toBe(message);
  });
});
