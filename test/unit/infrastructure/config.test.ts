import { adminAuthSettingsOf, ConfigError } from '../../../src/infrastructure/config';
import { buildContainer } from '../../../src/infrastructure/container/build-container';
import { createPortcullis } from '../../../src/infrastructure/create-portcullis';

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

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
