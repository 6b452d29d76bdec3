import { IntegrationNotFoundError } from '../../../domain/integration/integration.errors';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { type AuditLog } from '../../ports/audit-log.port';
import { pageRequest, type PageInput } from '../paging';
import { toAuditEntryView } from './audit.views';
import { type ListAuditEntriesOutput } from './list-audit-entries.use-case';

export interface IntegrationHistoryInput extends PageInput {
  readonly id: string;
}

/**
 * What happened to one integration, newest first: every audit entry about it (created, edited,
 * access given and taken, activated, credentials shown, revoked, deleted…). A deleted
 * integration keeps its history.
 */
export class IntegrationHistory {
  constructor(
    private readonly integrations: IntegrationRepository,
    private readonly log: AuditLog,
  ) {}

  /**
   * Reading needs no more than the right to view integrations, which the admin adapter checks.
   * @throws IntegrationNotFoundError when no integration has this id and no entry names it
   * @throws InvalidValueError for a bad page
   */
  async execute(input: IntegrationHistoryInput): Promise<ListAuditEntriesOutput> {
    const { page, pageSize } = pageRequest(input);
    const result = await this.log.list({ integrationId: input.id }, { page, pageSize });
    if (result.total === 0 && (await this.integrations.findById(input.id)) === null) throw new IntegrationNotFoundError(input.id);
    return { items: result.items.map(toAuditEntryView), total: result.total, page, pageSize };
  }
}
