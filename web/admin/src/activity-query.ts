/**
 * What the Activity page shows, read from and written to the page's address (bookmarkable; Back
 * returns to it): page, page size and filters. The trail is always newest first. Pure: no DOM, so
 * it is unit-tested on its own.
 */
import { isKnownAction } from './audit-labels.js';
import { DEFAULT_PAGE_SIZE, PAGE_SIZES } from './grid-query.js';

export interface ActivityView {
  readonly page: number;
  readonly pageSize: number;
  /** An action of the trail (`integration.grant_changed`); '' for any. */
  readonly action: string;
  /** Who acted (a username, or system, cli, config-sync); '' for anyone. */
  readonly actor: string;
  /** '' for any integration. */
  readonly integrationId: string;
  /** First and last day shown (`2026-12-04`, the browser's days); '' for no limit. */
  readonly from: string;
  readonly to: string;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local midnight starting `day`, or null unless `day` is a real `YYYY-MM-DD` date. */
function localDay(day: string): Date | null {
  const parts = DAY.exec(day);
  if (parts === null) return null;
  const [year, month, date] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const start = new Date(year, month - 1, date);
  return start.getFullYear() === year && start.getMonth() === month - 1 && start.getDate() === date ? start : null;
}

/** The view an address asks for; anything unknown or malformed falls back to the default. A range given backwards is turned round. */
export function activityViewOf(query: URLSearchParams): ActivityView {
  const page = Number.parseInt(query.get('page') ?? '', 10);
  const pageSize = Number.parseInt(query.get('pageSize') ?? '', 10);
  const action = (query.get('action') ?? '').trim();
  const day = (key: string): string => {
    const value = (query.get(key) ?? '').trim();
    return localDay(value) !== null ? value : '';
  };
  let [from, to] = [day('from'), day('to')];
  if (from !== '' && to !== '' && from > to) [from, to] = [to, from];
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    action: isKnownAction(action) ? action : '',
    actor: (query.get('actor') ?? '').trim(),
    integrationId: (query.get('integrationId') ?? '').trim(),
    from,
    to,
  };
}

/** The address's query for a view: defaults left out, so the plain page stays /admin/activity. */
export function activityAddressOf(view: ActivityView): URLSearchParams {
  const query = new URLSearchParams();
  if (view.action !== '') query.set('action', view.action);
  if (view.actor !== '') query.set('actor', view.actor);
  if (view.integrationId !== '') query.set('integrationId', view.integrationId);
  if (view.from !== '') query.set('from', view.from);
  if (view.to !== '') query.set('to', view.to);
  if (view.pageSize !== DEFAULT_PAGE_SIZE) query.set('pageSize', String(view.pageSize));
  if (view.page !== 1) query.set('page', String(view.page));
  return query;
}

/**
 * The parameters of `GET /rest/V1/audit` for a view. The days are the admin's own: `from` is the
 * local midnight starting the first day (included), `to` the local midnight after the last day
 * (excluded, as the API reads it), as instants.
 */
export function activityApiParametersOf(view: ActivityView): Record<string, string | number | undefined> {
  const from = localDay(view.from);
  const to = localDay(view.to);
  return {
    page: view.page,
    pageSize: view.pageSize,
    action: view.action || undefined,
    actor: view.actor || undefined,
    integrationId: view.integrationId || undefined,
    from: from?.toISOString(),
    to: to === null ? undefined : new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1).toISOString(),
  };
}

/** Whether any filter is set (the empty grid then says "nothing matches" rather than "nothing yet"). */
export function isFiltered(view: ActivityView): boolean {
  return view.action !== '' || view.actor !== '' || view.integrationId !== '' || view.from !== '' || view.to !== '';
}
