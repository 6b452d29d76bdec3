import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { type Clock } from '../../ports/clock.port';

export interface ListExpiringCredentialsInput {
  /** How far ahead to look, in days (default 7). */
  readonly withinDays?: number;
}

/** An integration whose credentials expire soon. */
export interface ExpiringCredentials {
  readonly id: string;
  readonly name: string;
  readonly expiresAt: Date;
}

export interface ListExpiringCredentialsDeps {
  readonly integrations: IntegrationRepository;
  readonly clock: Clock;
}

const PAGE_SIZE = 500;

/**
 * The active integrations whose credentials expire within the next days, soonest first: what the
 * server warns about in its log once a day, so that nobody learns of an expiry from a refused call.
 * Reads every integration page by page (a daily job; integrations are few).
 */
export class ListExpiringCredentials {
  constructor(private readonly deps: ListExpiringCredentialsDeps) {}

  async execute(input: ListExpiringCredentialsInput = {}): Promise<ExpiringCredentials[]> {
    const now = this.deps.clock.now().getTime();
    const horizon = now + (input.withinDays ?? 7) * 86_400_000;
    const expiring: ExpiringCredentials[] = [];
    for (let page = 1; ; page += 1) {
      const { items, total } = await this.deps.integrations.list({ page, pageSize: PAGE_SIZE, status: 'active' });
      for (const integration of items) {
        const expiresAt = integration.policy.expiresAt;
        if (expiresAt !== null && expiresAt.getTime() > now && expiresAt.getTime() <= horizon) expiring.push({ id: integration.id, name: integration.name, expiresAt });
      }
      if (page * PAGE_SIZE >= total || items.length === 0) break;
    }
    return expiring.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
  }
}
