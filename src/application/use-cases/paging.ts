import { InvalidValueError } from '../../domain/kernel/domain-error';

/** How many records a grid shows unless asked otherwise, and at most. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 200;

/** A page asked for: 1-based page, default 1; page size default 20, at most 200. */
export interface PageInput {
  readonly page?: number;
  readonly pageSize?: number;
}

/** One page of a list, as every paged use case answers it (the grids of the UI, the REST API). */
export interface PageOutput<T> {
  readonly items: readonly T[];
  /** How many records match, over all pages. */
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * The page and page size asked for, with their defaults.
 * @throws InvalidValueError `VALIDATION.RANGE` naming `page` (below 1) or `pageSize` (outside 1..200)
 */
export function pageRequest(input: PageInput): { readonly page: number; readonly pageSize: number } {
  return {
    page: wholeNumber(input.page ?? 1, 'page', 1, Number.MAX_SAFE_INTEGER),
    pageSize: wholeNumber(input.pageSize ?? DEFAULT_PAGE_SIZE, 'pageSize', 1, MAX_PAGE_SIZE),
  };
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
