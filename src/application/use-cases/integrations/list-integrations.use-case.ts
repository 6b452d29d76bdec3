import { type IntegrationStatus } from '../../../domain/integration/integration.aggregate';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { InvalidValueError } from '../../../domain/shared/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest, type PageInput, type PageOutput } from '../paging';
import { toIntegrationSummary, type IntegrationSummary } from './integration.views';

export interface ListIntegrationsInput extends PageInput {
  readonly status?: IntegrationStatus;
  /** Case-insensitive part of the name. */
  readonly name?: string;
}

export type ListIntegrationsOutput = PageOutput<IntegrationSummary>;

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
const STATUSES: readonly IntegrationStatus[] = ['inactive', 'active', 'reset'];

/** A page of integrations, ordered by name, filtered by status and/or part of the name. */
export class ListIntegrations {
  constructor(private readonly integrations: IntegrationRepository) {}

  /** @throws InvalidValueError for a page < 1, a page size outside 1..200 or an unknown status. */
  async execute(input: ListIntegrationsInput = {}): Promise<ListIntegrationsOutput> {
    const { page, pageSize } = pageRequest(input);
    if (input.status !== undefined && !STATUSES.includes(input.status)) {
      throw new InvalidValueError('VALIDATION.STATUS_INVALID', `"status" must be one of ${STATUSES.join(', ')}.`, {
        field: 'status',
        value: String(input.status),
      });
    }
    const name = input.name?.trim();
    const result = await this.integrations.list({
      page,
      pageSize,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(name ? { nameContains: name } : {}),
    });
    return { items: result.items.map(toIntegrationSummary), total: result.total, page, pageSize };
  }
}
