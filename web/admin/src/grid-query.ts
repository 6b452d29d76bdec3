/**
 * What the integrations grid shows, read from and written to the page's address (so a view can
 * be bookmarked, and Back returns to it): page, page size, filters and sort order. Pure: no DOM,
 * so it is unit-tested on its own.
 */
export const SORT_COLUMNS = ['name', 'email', 'status', 'setupType', 'lastUsedAt'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export type Direction = 'asc' | 'desc';
export const PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 20;
const STATUSES = ['inactive', 'active', 'reset'] as const;
/** The "Unused for" filter's choices, in days. */
export const UNUSED_FOR_DAYS = [30, 90, 180] as const;
export type UnusedForDays = (typeof UNUSED_FOR_DAYS)[number];

export interface GridView {
  readonly page: number;
  readonly pageSize: number;
  /** Part of the name; '' for any. */
  readonly name: string;
  /** Part of the email; '' for any. */
  readonly email: string;
  /** '' for any. */
  readonly status: '' | (typeof STATUSES)[number];
  /** Only integrations not used for this many days (never used and created before then count); null for any. */
  readonly unusedForDays: UnusedForDays | null;
  readonly sort: SortColumn;
  readonly direction: Direction;
}

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

/** The view an address asks for; anything unknown or malformed falls back to the default. */
export function viewOf(query: URLSearchParams): GridView {
  const page = Number.parseInt(query.get('page') ?? '', 10);
  const pageSize = Number.parseInt(query.get('pageSize') ?? '', 10);
  const unusedForDays = Number(query.get('unusedForDays') ?? '');
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    name: (query.get('name') ?? '').trim(),
    email: (query.get('email') ?? '').trim(),
    status: oneOf<GridView['status']>(query.get('status'), STATUSES, ''),
    unusedForDays: (UNUSED_FOR_DAYS as readonly number[]).includes(unusedForDays) ? (unusedForDays as UnusedForDays) : null,
    sort: oneOf(query.get('sort'), SORT_COLUMNS, 'name'),
    direction: oneOf<Direction>(query.get('direction'), ['asc', 'desc'], 'asc'),
  };
}

/** The address's query for a view: defaults left out, so the plain grid stays /admin/integrations. */
export function addressOf(view: GridView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.name !== '') query.set('name', view.name);
  if (view.email !== '') query.set('email', view.email);
  if (view.status !== '') query.set('status', view.status);
  if (view.unusedForDays !== null) query.set('unusedForDays', String(view.unusedForDays));
  if (view.sort !== 'name') query.set('sort', view.sort);
  if (view.direction !== 'asc') query.set('direction', view.direction);
  if (view.pageSize !== DEFAULT_PAGE_SIZE) query.set('pageSize', String(view.pageSize));
  if (view.page !== 1) query.set('page', String(view.page));
  return query;
}

/** The parameters of `GET /rest/V1/integrations` for a view. */
export function apiParametersOf(view: GridView): Record<string, string | number | undefined> {
  return {
    page: view.page,
    pageSize: view.pageSize,
    name: view.name || undefined,
    email: view.email || undefined,
    status: view.status || undefined,
    unusedForDays: view.unusedForDays ?? undefined,
    sort: view.sort === 'name' ? undefined : view.sort,
    direction: view.direction === 'asc' ? undefined : view.direction,
  };
}

/** A click on a column's header: that column ascending, or the other way when it is already the sort; back to page 1. */
export function sortedBy(view: GridView, column: SortColumn): GridView {
  const direction: Direction = view.sort === column && view.direction === 'asc' ? 'desc' : 'asc';
  return { ...view, sort: column, direction, page: 1 };
}

/** `aria-sort` of a column's header. */
export function ariaSortOf(view: GridView, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if (view.sort !== column) return 'none';
  return view.direction === 'asc' ? 'ascending' : 'descending';
}
