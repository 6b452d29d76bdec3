import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../../../../src/infrastructure/config';
import { DEFAULT_HOST, DEFAULT_PORT, loadServerConfig, type ServerConfig } from '../../../../src/infrastructure/server/server-config';
import { thrownError } from '../../../support/errors';

let dir: string;
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'portcullis-server-config-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes a config file holding `content` (JSON-encoded unless text) and returns its path. */
function aConfigFile(content: unknown): string {
  fileCount += 1;
  const file = join(dir, `config-${fileCount}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const configErrorOf = (run: () => unknown): ConfigError => thrownError(ConfigError, run);

const DEFAULTS: ServerConfig = {
  port: 8080,
  host: '127.0.0.1',
  dataDir: resolve('data'),
  logLevel: 'info',
  trustProxy: false,
  adminUi: true,
};

describe('loadServerConfig', () => {
  describe('defaults', () => {
    it('listens on 127.0.0.1:8080 with ./data, info logs, no proxy and the admin web UI, leaving the rest unset', () => {
      expect(loadServerConfig({})).toEqual(DEFAULTS);
      expect(DEFAULT_PORT).toBe(8080);
      expect(DEFAULT_HOST).toBe('127.0.0.1');
    });

    it('treats empty environment variables as unset', () => {
      expect(
        loadServerConfig({ PORT: '', HOST: '', LOG_LEVEL: '', TRUST_PROXY: '', DATABASE_URL: '', PORTCULLIS_CONFIG: '', PUBLIC_BASE_URL: '' }),
      ).toEqual(DEFAULTS);
    });

    it('reads an empty file object as the defaults', () => {
      expect(loadServerConfig({}, aConfigFile({}))).toEqual(DEFAULTS);
    });
  });

  describe('the file', () => {
    it('reads every setting', () => {
      const file = aConfigFile({
        port: 9000,
        host: '0.0.0.0',
        publicBaseUrl: 'https://auth.example.com/',
        databaseUrl: 'mysql://portcullis:pw@db:3306/portcullis',
        dataDir: 'var/portcullis',
        secretKey: 'a'.repeat(64),
        logLevel: 'debug',
        trustProxy: true,
        adminUi: false,
        adminTokenLifetimeSeconds: 3600,
        signInLockout: { maxFailures: 3, lockSeconds: 600 },
      });

      expect(loadServerConfig({}, file)).toEqual({
        port: 9000,
        host: '0.0.0.0',
        publicBaseUrl: 'https://auth.example.com',
        databaseUrl: 'mysql://portcullis:pw@db:3306/portcullis',
        dataDir: resolve('var/portcullis'),
        secretKey: 'a'.repeat(64),
        logLevel: 'debug',
        trustProxy: true,
        adminUi: false,
        adminTokenLifetimeSeconds: 3600,
        signInLockout: { maxFailures: 3, lockSeconds: 600 },
      });
    });

    it('is found through PORTCULLIS_CONFIG when no file is given', () => {
      expect(loadServerConfig({ PORTCULLIS_CONFIG: aConfigFile({ port: 9001 }) }).port).toBe(9001);
    });

    it('given explicitly, wins over PORTCULLIS_CONFIG', () => {
      const env = { PORTCULLIS_CONFIG: aConfigFile({ port: 9001 }) };

      expect(loadServerConfig(env, aConfigFile({ port: 9002 })).port).toBe(9002);
    });

    it('keeps a partial lock-out as given (the composition root fills in the rest)', () => {
      expect(loadServerConfig({}, aConfigFile({ signInLockout: { lockSeconds: 60 } })).signInLockout).toEqual({ lockSeconds: 60 });
    });

    it('trims text values and drops trailing slashes from the public URL', () => {
      const file = aConfigFile({ host: ' ::1 ', publicBaseUrl: ' http://localhost:8080/// ', logLevel: ' warn ' });

      expect(loadServerConfig({}, file)).toMatchObject({ host: '::1', publicBaseUrl: 'http://localhost:8080', logLevel: 'warn' });
    });

    it('takes an empty host or data directory as the default', () => {
      expect(loadServerConfig({}, aConfigFile({ host: '', dataDir: '' }))).toEqual(DEFAULTS);
    });
  });

  describe('the environment', () => {
    it('reads every setting but the lock-out', () => {
      const env = {
        PORT: '9100',
        HOST: '0.0.0.0',
        PUBLIC_BASE_URL: 'http://portcullis.internal:9100/',
        DATABASE_URL: 'sqlite:/srv/portcullis.sqlite',
        PORTCULLIS_DATA_DIR: '/srv/portcullis',
        PORTCULLIS_SECRET_KEY: 'b'.repeat(64),
        LOG_LEVEL: 'silent',
        TRUST_PROXY: 'true',
        ADMIN_UI: 'false',
        ADMIN_TOKEN_LIFETIME_SECONDS: '60',
      };

      expect(loadServerConfig(env)).toEqual({
        port: 9100,
        host: '0.0.0.0',
        publicBaseUrl: 'http://portcullis.internal:9100',
        databaseUrl: 'sqlite:/srv/portcullis.sqlite',
        dataDir: '/srv/portcullis',
        secretKey: 'b'.repeat(64),
        logLevel: 'silent',
        trustProxy: true,
        adminUi: false,
        adminTokenLifetimeSeconds: 60,
      });
    });

    it('overrides the file setting by setting, leaving the others from the file', () => {
      const file = aConfigFile({ port: 8081, host: '0.0.0.0', logLevel: 'debug', trustProxy: true, adminTokenLifetimeSeconds: 600 });

      const config = loadServerConfig({ PORT: '9000', TRUST_PROXY: 'false', ADMIN_TOKEN_LIFETIME_SECONDS: '120' }, file);

      expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', logLevel: 'debug', trustProxy: false, adminTokenLifetimeSeconds: 120 });
    });

    it('falls back to the file when a variable is empty', () => {
      expect(loadServerConfig({ PORT: '' }, aConfigFile({ port: 8081 })).port).toBe(8081);
    });

    it('hides an invalid file value it overrides', () => {
      expect(loadServerConfig({ PORT: '9000' }, aConfigFile({ port: 'not a port' })).port).toBe(9000);
    });

    it.each([
      ['1', true],
      ['true', true],
      ['0', false],
      ['false', false],
    ])('reads TRUST_PROXY=%s as %s', (value, expected) => {
      expect(loadServerConfig({ TRUST_PROXY: value }).trustProxy).toBe(expected);
    });

    it('accepts the ends of the ranges: port 0 and 65535, lifetime 60 s and 365 days', () => {
      expect(loadServerConfig({ PORT: '0' }).port).toBe(0);
      expect(loadServerConfig({ PORT: ' 65535 ' }).port).toBe(65535);
      expect(loadServerConfig({ ADMIN_TOKEN_LIFETIME_SECONDS: '60' }).adminTokenLifetimeSeconds).toBe(60);
      expect(loadServerConfig({ ADMIN_TOKEN_LIFETIME_SECONDS: String(365 * 24 * 3600) }).adminTokenLifetimeSeconds).toBe(31536000);
    });
  });

  describe('invalid values, named with where they came from', () => {
    it.each([
      ['PORT', { PORT: 'http' }, 'PORT must be a whole number from 0 to 65535, not "http".'],
      ['PORT', { PORT: '65536' }, 'PORT must be a whole number from 0 to 65535, not "65536".'],
      ['PORT', { PORT: '-1' }, 'PORT must be a whole number from 0 to 65535, not "-1".'],
      ['PORT', { PORT: '80.5' }, 'PORT must be a whole number from 0 to 65535, not "80.5".'],
      ['PORT', { PORT: '0x50' }, 'PORT must be a whole number from 0 to 65535, not "0x50".'],
      ['ADMIN_TOKEN_LIFETIME_SECONDS', { ADMIN_TOKEN_LIFETIME_SECONDS: '59' }, 'ADMIN_TOKEN_LIFETIME_SECONDS must be a whole number from 60 to 31536000, not "59".'],
      [
        'ADMIN_TOKEN_LIFETIME_SECONDS',
        { ADMIN_TOKEN_LIFETIME_SECONDS: '31536001' },
        'ADMIN_TOKEN_LIFETIME_SECONDS must be a whole number from 60 to 31536000, not "31536001".',
      ],
      ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose".'],
      ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }, 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "INFO".'],
      ['TRUST_PROXY', { TRUST_PROXY: 'yes' }, 'TRUST_PROXY must be true or false, not "yes".'],
      ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'auth.example.com' }, 'PUBLIC_BASE_URL must be an http:// or https:// URL, not "auth.example.com".'],
      ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://auth.example.com' }, 'PUBLIC_BASE_URL must be an http:// or https:// URL, not "ftp://auth.example.com".'],
      [
        'PUBLIC_BASE_URL',
        { PUBLIC_BASE_URL: 'https://example.com/portcullis' },
        'PUBLIC_BASE_URL must be scheme://host[:port] with no path, query or user info (OAuth signatures are checked against it), not "https://example.com/portcullis".',
      ],
      [
        'PUBLIC_BASE_URL',
        { PUBLIC_BASE_URL: 'https://user:pw@example.com' },
        'PUBLIC_BASE_URL must be scheme://host[:port] with no path, query or user info (OAuth signatures are checked against it), not "https://user:pw@example.com".',
      ],
      ['OAUTH_ALLOW_SHA1', { OAUTH_ALLOW_SHA1: 'off' }, 'OAUTH_ALLOW_SHA1 must be true or false, not "off".'],
      ['OAUTH_CALLBACK_TIMEOUT_MS', { OAUTH_CALLBACK_TIMEOUT_MS: '99' }, 'OAUTH_CALLBACK_TIMEOUT_MS must be a whole number from 100 to 120000, not "99".'],
      ['OAUTH_EXCHANGE_WINDOW_SECONDS', { OAUTH_EXCHANGE_WINDOW_SECONDS: '5m' }, 'OAUTH_EXCHANGE_WINDOW_SECONDS must be a whole number from 10 to 86400, not "5m".'],
      ['OAUTH_TIMESTAMP_SKEW_SECONDS', { OAUTH_TIMESTAMP_SKEW_SECONDS: '0' }, 'OAUTH_TIMESTAMP_SKEW_SECONDS must be a whole number from 10 to 86400, not "0".'],
    ])('refuses %s from the environment: %j', (_name, env, message) => {
      const error = configErrorOf(() => loadServerConfig(env));

      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.message).toBe(message);
    });

    it.each([
      ['port', { port: 'http' }, 'must be a whole number from 0 to 65535, not "http".'],
      ['port', { port: 8080.5 }, 'must be a whole number from 0 to 65535, not 8080.5.'],
      ['port', { port: 70000 }, 'must be a whole number from 0 to 65535, not 70000.'],
      ['port', { port: true }, 'must be a whole number from 0 to 65535, not true.'],
      ['port', { port: null }, 'must be a whole number from 0 to 65535, not null.'],
      ['host', { host: 8080 }, 'must be text.'],
      ['databaseUrl', { databaseUrl: { url: 'x' } }, 'must be text.'],
      ['dataDir', { dataDir: false }, 'must be text.'],
      ['secretKey', { secretKey: 1234 }, 'must be text.'],
      ['publicBaseUrl', { publicBaseUrl: 42 }, 'must be text.'],
      ['publicBaseUrl', { publicBaseUrl: 'localhost:8080' }, 'must be an http:// or https:// URL, not "localhost:8080".'],
      ['logLevel', { logLevel: 'loud' }, 'must be one of fatal, error, warn, info, debug, trace, silent, not "loud".'],
      ['publicBaseUrl', { publicBaseUrl: 'https://auth example.com' }, 'must be an http:// or https:// URL, not "https://auth example.com".'],
      ['trustProxy', { trustProxy: 'maybe' }, 'must be true or false, not "maybe".'],
      ['trustProxy', { trustProxy: 1 }, 'must be true or false, not 1.'],
      ['adminTokenLifetimeSeconds', { adminTokenLifetimeSeconds: 30 }, 'must be a whole number from 60 to 31536000, not 30.'],
    ])('refuses "%s" from the file: %j', (key, content, problem) => {
      const file = aConfigFile(content);

      const error = configErrorOf(() => loadServerConfig({}, file));

      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.message).toBe(`"${key}" in ${file} ${problem}`);
    });

    it.each([
      ['a number', 6, 'must be an object like {"maxFailures": 6, "lockSeconds": 1800}.'],
      ['null', null, 'must be an object like {"maxFailures": 6, "lockSeconds": 1800}.'],
      ['an unknown key', { maxFailures: 6, lockMinutes: 30 }, 'has unknown key(s): lockMinutes.'],
      ['maxFailures 0', { maxFailures: 0 }, ': "maxFailures" must be a positive whole number.'],
      ['maxFailures as text', { maxFailures: '6' }, ': "maxFailures" must be a positive whole number.'],
      ['a fractional lockSeconds', { lockSeconds: 1.5 }, ': "lockSeconds" must be a positive whole number.'],
      ['a negative lockSeconds', { maxFailures: 6, lockSeconds: -1 }, ': "lockSeconds" must be a positive whole number.'],
    ])('refuses signInLockout with %s', (_case, signInLockout, problem) => {
      const file = aConfigFile({ signInLockout });

      const error = configErrorOf(() => loadServerConfig({}, file));

      expect(error.message).toBe(`"signInLockout" in ${file}${problem.startsWith(':') ? '' : ' '}${problem}`);
    });

    it('names the environment variable, not the file, when the bad value came from the environment', () => {
      const file = aConfigFile({ port: 8081 });

      const error = configErrorOf(() => loadServerConfig({ PORT: 'eighty' }, file));

      expect(error.message).toMatch(/^PORT /);
      expect(error.message).not.toContain(file);
    });
  });

  describe('webapi.xml route declarations', () => {
    it('come as a comma-separated list from the environment or a list in the file, resolved to absolute paths', () => {
      expect(loadServerConfig({ PORTCULLIS_WEBAPI_XML: 'a/webapi.xml, /etc/b.xml,' }).webapiXml).toEqual([resolve('a/webapi.xml'), '/etc/b.xml']);
      expect(loadServerConfig({}, aConfigFile({ webapiXml: ['/srv/shop/etc/webapi.xml'] })).webapiXml).toEqual(['/srv/shop/etc/webapi.xml']);
      expect(loadServerConfig({}).webapiXml).toBeUndefined();
    });

    it('refuses a value that is not a list of paths', () => {
      const file = aConfigFile({ webapiXml: [1, 2] });
      expect(configErrorOf(() => loadServerConfig({}, file)).message).toBe(`"webapiXml" in ${file} must be a list of file paths (comma-separated in the environment).`);
    });
  });

  describe('OUTBOUND_ALLOWED_NETWORKS', () => {
    it('is absent by default: nothing private is reached', () => {
      expect(loadServerConfig({}).outboundAllowedNetworks).toBeUndefined();
      expect(loadServerConfig({ OUTBOUND_ALLOWED_NETWORKS: ' , ' }).outboundAllowedNetworks).toBeUndefined();
    });

    it('comes as a comma-separated list from the environment or a list in the file, the environment winning', () => {
      const file = aConfigFile({ outboundAllowedNetworks: ['10.20.0.0/16', 'erp.internal'] });

      expect(loadServerConfig({}, file).outboundAllowedNetworks).toEqual(['10.20.0.0/16', 'erp.internal']);
      expect(loadServerConfig({ OUTBOUND_ALLOWED_NETWORKS: ' 127.0.0.1, fd00::/8 ,' }, file).outboundAllowedNetworks).toEqual(['127.0.0.1', 'fd00::/8']);
    });

    it('refuses an entry that is no address, range or host name, naming the setting and the entry', () => {
      expect(configErrorOf(() => loadServerConfig({ OUTBOUND_ALLOWED_NETWORKS: '10.0.0.0/8,10.0.0.0/40' })).message).toBe(
        'OUTBOUND_ALLOWED_NETWORKS: "10.0.0.0/40" is not an IP address, a CIDR range (such as 10.0.0.0/8 or fd00::/8) or a host name.',
      );
      const file = aConfigFile({ outboundAllowedNetworks: [10, 0, 0, 0] });
      expect(configErrorOf(() => loadServerConfig({}, file)).message).toBe(
        `"outboundAllowedNetworks" in ${file} must be a list of IP addresses, CIDR ranges or host names (comma-separated in the environment).`,
      );
    });
  });

  describe('CREDENTIALS_MAX_AGE_DAYS', () => {
    it('is absent by default (credentials expire only as each integration says), and a whole number of days from the environment or the file', () => {
      expect(loadServerConfig({}).credentialsMaxAgeDays).toBeUndefined();
      expect(loadServerConfig({ CREDENTIALS_MAX_AGE_DAYS: '90' }).credentialsMaxAgeDays).toBe(90);
      expect(loadServerConfig({}, aConfigFile({ credentialsMaxAgeDays: 365 })).credentialsMaxAgeDays).toBe(365);
    });

    it('refuses anything but a whole number from 1 to 36500, naming the setting', () => {
      expect(configErrorOf(() => loadServerConfig({ CREDENTIALS_MAX_AGE_DAYS: '0' })).message).toBe('CREDENTIALS_MAX_AGE_DAYS must be a whole number from 1 to 36500, not "0".');
      expect(configErrorOf(() => loadServerConfig({ CREDENTIALS_MAX_AGE_DAYS: '90d' })).message).toBe('CREDENTIALS_MAX_AGE_DAYS must be a whole number from 1 to 36500, not "90d".');
    });
  });

  describe('AUDIT_RETENTION_DAYS', () => {
    it('is absent by default (entries are kept forever), and a whole number of days from the environment or the file', () => {
      expect(loadServerConfig({}).auditRetentionDays).toBeUndefined();
      expect(loadServerConfig({ AUDIT_RETENTION_DAYS: '365' }).auditRetentionDays).toBe(365);
      expect(loadServerConfig({}, aConfigFile({ auditRetentionDays: 30 })).auditRetentionDays).toBe(30);
    });

    it('refuses anything but a whole number from 1 to 36500, naming the setting', () => {
      expect(configErrorOf(() => loadServerConfig({ AUDIT_RETENTION_DAYS: '0' })).message).toBe('AUDIT_RETENTION_DAYS must be a whole number from 1 to 36500, not "0".');
      expect(configErrorOf(() => loadServerConfig({ AUDIT_RETENTION_DAYS: '7d' })).message).toBe('AUDIT_RETENTION_DAYS must be a whole number from 1 to 36500, not "7d".');
    });
  });

  describe('OAuth settings', () => {
    it('are absent by default (the defaults of docs/oauth.md apply)', () => {
      expect(loadServerConfig({}).oauth).toBeUndefined();
    });

    it('come from the environment over the file', () => {
      const file = aConfigFile({ oauthAllowSha1: true, oauthCallbackTimeoutMs: 2500, oauthExchangeWindowSeconds: 120 });

      const config = loadServerConfig({ OAUTH_ALLOW_SHA1: 'false', OAUTH_TIMESTAMP_SKEW_SECONDS: '300' }, file);

      expect(config.oauth).toEqual({ allowSha1: false, callbackTimeoutMs: 2500, exchangeWindowSeconds: 120, timestampSkewSeconds: 300 });
    });
  });

  describe('the file itself', () => {
    it('refuses unknown settings, naming them and the known ones', () => {
      const file = aConfigFile({ port: 8080, prot: 8081, database_url: 'sqlite:x' });

      const error = configErrorOf(() => loadServerConfig({}, file));

      expect(error.message).toBe(
        `The config file ${file} has unknown setting(s): prot, database_url. Known: port, host, publicBaseUrl, databaseUrl, redisUrl, redisKeyPrefix, dataDir, secretKey, logLevel, trustProxy, adminUi, adminTokenLifetimeSeconds, allowIntegrationBearer, aclFiles, aclXml, integrationFiles, webapiXml, oauthAllowSha1, oauthCallbackTimeoutMs, oauthExchangeWindowSeconds, oauthTimestampSkewSeconds, outboundAllowedNetworks, metrics, usageFlushSeconds, auditRetentionDays, credentialsMaxAgeDays, signInLockout.`,
      );
    });

    it('refuses a file that names an environment variable instead of a key', () => {
      const file = aConfigFile({ PORT: 8080 });

      expect(configErrorOf(() => loadServerConfig({}, file)).message).toContain('has unknown setting(s): PORT.');
    });

    it('refuses invalid JSON, naming the file', () => {
      const file = aConfigFile('{ "port": 8080, }');

      const error = configErrorOf(() => loadServerConfig({}, file));

      expect(error.code).toBe('CONFIG.INVALID');
      expect(error.message.startsWith(`The config file ${file} is not valid JSON: `)).toBe(true);
    });

    it.each([
      ['an array', [{ port: 8080 }]],
      ['a string', 'port'],
      ['null', null],
    ])('refuses JSON that is %s rather than an object', (_case, content) => {
      const file = aConfigFile(JSON.stringify(content));

      expect(configErrorOf(() => loadServerConfig({}, file)).message).toBe(`The config file ${file} must hold a JSON object.`);
    });

    it('refuses a file that does not exist, naming it and the reason', () => {
      const file = join(dir, 'missing.json');

      expect(configErrorOf(() => loadServerConfig({}, file)).message).toBe(`Cannot read the config file ${file}: ENOENT.`);
    });

    it('refuses a directory given as the file', () => {
      expect(configErrorOf(() => loadServerConfig({}, dir)).message).toBe(`Cannot read the config file ${dir}: EISDIR.`);
    });

    it('refuses a file named in PORTCULLIS_CONFIG that does not exist', () => {
      const file = join(dir, 'absent.json');

      expect(configErrorOf(() => loadServerConfig({ PORTCULLIS_CONFIG: file })).message).toContain(`Cannot read the config file ${file}`);
    });
  });
});

describe('loadServerConfig: blank values and lock-out shapes', () => {
  it('treats blank text in the file as unset, as an empty environment variable is', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portcullis-config-')), 'blank.json');
    writeFileSync(file, JSON.stringify({ logLevel: '', databaseUrl: ' ', secretKey: '', host: '' }));

    const config = loadServerConfig({}, file);

    expect(config.logLevel).toBe('info');
    expect(config.host).toBe('127.0.0.1');
    expect(config).not.toHaveProperty('databaseUrl');
    expect(config).not.toHaveProperty('secretKey');
  });

  it('refuses a lock-out given as a list', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'portcullis-config-')), 'lockout.json');
    writeFileSync(file, JSON.stringify({ signInLockout: [6, 1800] }));

    expect(() => loadServerConfig({}, file)).toThrow(/"signInLockout" in .* must be an object like/);
  });
});
