import { type IntegrationStatus } from '../../../domain/integration/integration.aggregate';
import { INTEGRATION_SORT_FIELDS, type IntegrationRepository, type IntegrationSortField } from '../../../domain/integration/integration.repository';
import { InvalidValueError } from '../../../domain/kernel/domain-error';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageRequest, type PageInput, type PageOutput } from '../paging';
import { toIntegrationSummary, type IntegrationSummary } from './integration.views';

export interface ListIntegrationsInput extends PageInput {
  readonly status?: IntegrationStatus;
  /** Case-insensitive part of the name. */
  readonly name?: string;
  /** Part of the email address, A-Z and a-z alike. */
  readonly email?: string;
  /** The grid column to order by (default `name`); ties by name. */
  readonly sort?: IntegrationSortField;
  /** Default `asc`. */
  readonly direction?: 'asc' | 'desc';
}

export type ListIntegrationsOutput = PageOutput<IntegrationSummary>;

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE };
const STATUSES: readonly IntegrationStatus[] = ['inactive', 'active', 'reset'];
const DIRECTIONS = ['asc', 'desc'] as const;

function oneOf(value: string | undefined, allowed: readonly string[], field: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new InvalidValueError('VALIDATION.VALUE_INVALID', `"${field}" must be one of ${allowed.join(', ')}.`, { field, value: String(value) });
  }
}

/**
 * A page of integrations, ordered by name or another column of the grid, either way; filtered by
 * status, part of the name and/or part of the email.
 */
export class ListIntegrations {
  constructor(private readonly integrations: IntegrationRepository) {}

  /** @throws InvalidValueError for a page < 1, a page size outside 1..200, an unknown status, sort field or direction. */
  async execute(input: ListIntegrationsInput = {}): Promise<ListIntegrationsOutput> {
    const { page, pageSize } = pageRequest(input);
    if (input.status !== undefined && !STATUSES.includes(input.status)) {
      throw new InvalidValueError('VALIDATION.STATUS_INVALID', `"status" must be one of ${STATUSES.join(', ')}.`, {
        field: 'status',
        value: String(input.status),
      });
    }
    oneOf(input.sort, INTEGRATION_SORT_FIELDS, 'sort');
    oneOf(input.direction, DIRECTIONS, 'direction');
    const name = input.name?.trim();
    const email = input.email?.trim();
    const result = await this.integrations.list({
      page,
      pageSize,
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(name ? { nameContains: name } : {}),
      ...(email ? { emailContains: email } : {}),
      order: { by: input.sort ?? 'name', direction: input.direction ?? 'asc' },
    });
    return { items: result.items.map(toIntegrationSummary), total: result.total, page, pageSize };
  }
}
