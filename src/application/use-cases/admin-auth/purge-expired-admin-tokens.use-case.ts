import { type AdminTokenRepository } from '../../../domain/admin-session/admin-token.repository';
import { type Clock } from '../../ports/clock.port';

/** Housekeeping: deletes admin tokens past their expiry (Magento's hourly token cleanup). */
export class PurgeExpiredAdminTokens {
  constructor(
    private readonly tokens: AdminTokenRepository,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<{ readonly deleted: number }> {
    return { deleted: await this.tokens.deleteExpired(this.clock.now()) };
  }
}
