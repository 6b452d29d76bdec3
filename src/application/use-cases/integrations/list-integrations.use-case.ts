import { type IntegrationStatus } from '../../../domain/integration/integration.aggregate';
import { type IntegrationRepository } from '../../../domain/integration/integration.repository';
import { InvalidValueError } from '../../../domain/shared/domain-error';
import { toIntegrationSummary, type IntegrationSummary } from './integration.views';

export interface ListIntegrationsInput {
  /** 1-based; default 1. */
  readonly page?: number;
  /** Default 20, at most 200. */
  readonly pageSize?: number;
  readonly status?: IntegrationStatus;
  /** Case-insensitive part of the name. */
  readonly name?: string;
}

export interface ListIntegrationsOutput {
  readonly items: readonly IntegrationSummary[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;
const STATUSES: readonly IntegrationStatus[] = ['inactive', 'active', 'reset'];

/** A page of integrations, ordered by name, filtered by status and/or part of the name. */
export class ListIntegrations {
  constructor(private readonly integrations: IntegrationRepository) {}

  /** @throws InvalidValueError for a page < 1, a page size outside 1..200 or an unknown status. */
  async execute(input: ListIntegrationsInput = {}): Promise<ListIntegrationsOutput> {
    const page = wholeNumber(input.page ?? 1, 'page', 1, Number.MAX_SAFE_INTEGER);
    const pageSize = wholeNumber(input.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize', 1, MAX_PAGE_SIZE);
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

function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidValueError('VALIDATION.RANGE', `"${field}" must be a whole number from ${min} to ${max}.`, {
      field,
      value: String(value),
    });
  }
  return value;
}
