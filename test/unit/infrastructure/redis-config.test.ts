import { ConfigError, redisSettingsOf } from '../../../src/infrastructure/config';
import { loadServerConfig } from '../../../src/infrastructure/server/server-config';
import { runtimeOptionsOf } from '../../../src/infrastructure/server/runtime-options';
import { thrownError } from '../../support/errors';

describe('Redis settings', () => {
  it('are absent without a URL: nothing changes', () => {
    expect(redisSettingsOf({})).toBeUndefined();
    expect(loadServerConfig({}).redisUrl).toBeUndefined();
    expect(runtimeOptionsOf(loadServerConfig({})).redisUrl).toBeUndefined();
  });

  it.each(['redis://127.0.0.1:6379', 'rediss://user:pw@cache.internal:6380/2', 'redis://cache', 'redis://:pw@[::1]:6379/0'])('accept %s', (url) => {
    expect(redisSettingsOf({ redisUrl: url })).toEqual({ url, keyPrefix: 'portcullis:' });
    const server = loadServerConfig({ REDIS_URL: url, REDIS_KEY_PREFIX: 'shop-a:' });
    expect(runtimeOptionsOf(server)).toMatchObject({ redisUrl: url, redisKeyPrefix: 'shop-a:' });
  });

  it.each(['http://user:s3cr3t-pw@cache:6379', 'redis://user:s3cr3t-pw@', 'redis://user:s3cr3t-pw@cache:6379/x', 'redis://user:s3cr3t-pw@cache:6379/0#frag', 'cache:6379 s3cr3t-pw'])(
    'refuse %s with a ConfigError that never shows the password',
    (url) => {
      const library = thrownError(ConfigError, () => redisSettingsOf({ redisUrl: url }));
      expect(library.message).toMatch(/^"redisUrl" must be redis:\/\//);
      expect(library.message).not.toContain('s3cr3t');
      const server = thrownError(ConfigError, () => loadServerConfig({ REDIS_URL: url }));
      expect(server.message).toMatch(/^REDIS_URL must be redis:\/\//);
      expect(server.message).not.toContain('s3cr3t');
    },
  );

  it('refuse a key prefix with spaces or of more than 64 characters', () => {
    expect(() => redisSettingsOf({ redisUrl: 'redis://cache', redisKeyPrefix: 'a b' })).toThrow(ConfigError);
    expect(() => loadServerConfig({ REDIS_KEY_PREFIX: 'x'.repeat(65) })).toThrow(/REDIS_KEY_PREFIX must be 1 to 64/);
  });
});
