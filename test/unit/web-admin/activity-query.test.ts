import { activityAddressOf, activityApiParametersOf, activityViewOf, isFiltered, type ActivityView } from '../../../web/admin/src/activity-query';

/*
 * Issue 20: the Activity page's filters and page live in its address (bookmarkable, Back returns
 * to them) and become the query of GET /rest/V1/audit; the days are the admin's own.
 */

const DEFAULT: ActivityView = { page: 1, pageSize: 20, action: '', actor: '', integrationId: '', from: '', to: '' };
const view = (query: string): ActivityView => activityViewOf(new URLSearchParams(query));

describe('activity view', () => {
  it('defaults to page 1 of 20, unfiltered, and the plain address', () => {
    expect(view('')).toEqual(DEFAULT);
    expect(activityAddressOf(DEFAULT).toString()).toBe('');
    expect(isFiltered(DEFAULT)).toBe(false);
  });

  it('reads every parameter, and writes back the same address', () => {
    const read = view('action=integration.grant_changed&actor=%20alice%20&integrationId=7&from=2026-12-01&to=2026-12-04&pageSize=50&page=3');
    expect(read).toEqual({ page: 3, pageSize: 50, action: 'integration.grant_changed', actor: 'alice', integrationId: '7', from: '2026-12-01', to: '2026-12-04' });
    expect(activityAddressOf(read).toString()).toBe('action=integration.grant_changed&actor=alice&integrationId=7&from=2026-12-01&to=2026-12-04&pageSize=50&page=3');
    expect(isFiltered(read)).toBe(true);
  });

  it.each(['page=0', 'pageSize=7', 'action=integration.hacked', 'from=2026-02-30', 'to=yesterday', 'from=2026-1-5'])('falls back to the default for %s', (query) => {
    expect(view(query)).toEqual(DEFAULT);
  });

  it('turns a range given backwards round', () => {
    expect(view('from=2026-12-04&to=2026-12-01')).toMatchObject({ from: '2026-12-01', to: '2026-12-04' });
  });

  it('asks the API for whole local days: from the first midnight (included) to the midnight after the last day (excluded)', () => {
    const parameters = activityApiParametersOf({ ...DEFAULT, page: 2, action: 'integration.created', actor: 'cli', integrationId: '7', from: '2026-12-01', to: '2026-12-04' });
    expect(parameters).toEqual({
      page: 2,
      pageSize: 20,
      action: 'integration.created',
      actor: 'cli',
      integrationId: '7',
      from: new Date(2026, 11, 1).toISOString(),
      to: new Date(2026, 11, 5).toISOString(),
    });
    expect(activityApiParametersOf(DEFAULT)).toEqual({ page: 1, pageSize: 20, action: undefined, actor: undefined, integrationId: undefined, from: undefined, to: undefined });
  });

  it('ends a year-end day at the next year’s first midnight', () => {
    expect(activityApiParametersOf({ ...DEFAULT, to: '2026-12-31' }).to).toBe(new Date(2027, 0, 1).toISOString());
  });
});
