import { PurgeExpiredAdminTokens } from '../../../../src/application/use-cases/admin-auth/purge-expired-admin-tokens.use-case';
import { ADMIN_TOKEN_REPOSITORY, type AdminTokenRepository } from '../../../../src/domain/admin-session/admin-token.repository';
import { anAdmin, testCore } from '../../../support/test-core';

describe('PurgeExpiredAdminTokens', () => {
  it('deletes tokens past their expiry and keeps the others usable', async () => {
    const core = testCore();
    const { userId } = await anAdmin(core, 'ada', 'all');
    const tokens = core.container.get<AdminTokenRepository>(ADMIN_TOKEN_REPOSITORY);
    const now = core.clock.now();
    const at = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);
    await tokens.add('expired-token', { adminUserId: userId, createdAt: at(-7200), expiresAt: at(-1), revoked: false });
    await tokens.add('live-token', { adminUserId: userId, createdAt: now, expiresAt: at(3600), revoked: false });

    expect(await core.container.get(PurgeExpiredAdminTokens).execute()).toEqual({ deleted: 1 });

    expect(await tokens.findByToken('expired-token')).toBeNull();
    expect(await tokens.findByToken('live-token')).toMatchObject({ adminUserId: userId, revoked: false });
  });
});
