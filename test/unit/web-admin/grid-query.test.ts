import { addressOf, apiParametersOf, ariaSortOf, sortedBy, viewOf, type GridView } from '../../../web/admin/src/grid-query';

/*
 * Issue 17.10: the integrations grid's page size, sort order and email filter live in the page's
 * address (bookmarkable, Back returns to them) and become the query of GET /rest/V1/integrations.
 */

const DEFAULT: GridView = { page: 1, pageSize: 20, name: '', email: '', status: '', unusedForDays: null, sort: 'name', direction: 'asc' };
const view = (query: string): GridView => viewOf(new URLSearchParams(query));

describe('integrations grid view', () => {
  it('defaults to page 1 of 20, by name ascending, unfiltered', () => {
    expect(view('')).toEqual(DEFAULT);
    expect(addressOf(DEFAULT).toString()).toBe('');
  });

  it('reads every parameter of the address', () => {
    expect(view('page=3&pageSize=50&name=%20erp%20&email=ops%40&status=active&unusedForDays=90&sort=lastUsedAt&direction=desc')).toEqual({
      page: 3,
      pageSize: 50,
      name: 'erp',
      email: 'ops@',
      status: 'active',
      unusedForDays: 90,
      sort: 'lastUsedAt',
      direction: 'desc',
    });
  });

  it.each(['page=0', 'page=x', 'pageSize=7', 'pageSize=1000', 'status=enabled', 'unusedForDays=45', 'unusedForDays=x', 'sort=colour', 'direction=up'])('falls back to the default for %s', (query) => {
    expect(view(query)).toEqual(DEFAULT);
  });

  it('writes only what differs from the default, and reads back the same view', () => {
    const custom: GridView = { ...DEFAULT, page: 2, pageSize: 100, email: 'shop', unusedForDays: 180, sort: 'email', direction: 'desc' };
    const address = addressOf(custom);
    expect(address.toString()).toBe('email=shop&unusedForDays=180&sort=email&direction=desc&pageSize=100&page=2');
    expect(viewOf(address)).toEqual(custom);
  });

  it('asks the API for the page, its size, the filters and the order', () => {
    expect(apiParametersOf(DEFAULT)).toEqual({ page: 1, pageSize: 20, name: undefined, email: undefined, status: undefined, unusedForDays: undefined, sort: undefined, direction: undefined });
    expect(apiParametersOf({ ...DEFAULT, pageSize: 50, email: 'ops', status: 'reset', unusedForDays: 30, sort: 'status', direction: 'desc' })).toEqual({
      page: 1,
      pageSize: 50,
      name: undefined,
      email: 'ops',
      status: 'reset',
      unusedForDays: 30,
      sort: 'status',
      direction: 'desc',
    });
  });

  it('a click on a header sorts by that column ascending, a second click descending, back on page 1', () => {
    const onPage3: GridView = { ...DEFAULT, page: 3, pageSize: 50 };
    const byEmail = sortedBy(onPage3, 'email');
    expect(byEmail).toEqual({ ...onPage3, page: 1, sort: 'email', direction: 'asc' });
    expect(sortedBy(byEmail, 'email')).toMatchObject({ sort: 'email', direction: 'desc' });
    expect(sortedBy(sortedBy(byEmail, 'email'), 'email')).toMatchObject({ sort: 'email', direction: 'asc' });
    expect(sortedBy({ ...byEmail, direction: 'desc' }, 'status')).toMatchObject({ sort: 'status', direction: 'asc' });
  });

  it('says how each header sorts (aria-sort)', () => {
    const byStatusDesc: GridView = { ...DEFAULT, sort: 'status', direction: 'desc' };
    expect(ariaSortOf(DEFAULT, 'name')).toBe('ascending');
    expect(ariaSortOf(byStatusDesc, 'status')).toBe('descending');
    expect(ariaSortOf(byStatusDesc, 'name')).toBe('none');
  });
});
