import { closestResourceId } from '../../../../src/domain/acl/closest-resource-id';

const KNOWN = ['Shop_Sales::sales', 'Shop_Sales::orders', 'Shop_Sales::order_view', 'Shop_Catalog::products', 'Magento_Reports::report'];

describe('closestResourceId (a "did you mean" for a mistyped resource id)', () => {
  it.each([
    ['a missing letter', 'Shop_Sales::ordrs', 'Shop_Sales::orders'],
    ['two swapped letters', 'Shop_Sales::ordres', 'Shop_Sales::orders'],
    ['another case', 'shop_sales::ORDERS', 'Shop_Sales::orders'],
    ['a wrong module', 'Shop_Sale::orders', 'Shop_Sales::orders'],
    ['a changed letter in the vendor', 'Magento_Reports::reprot', 'Magento_Reports::report'],
  ])('finds the id meant despite %s', (_case, typed, meant) => {
    expect(closestResourceId(typed, KNOWN)).toBe(meant);
  });

  it('suggests nothing for an id far from every known one, or for a known id', () => {
    expect(closestResourceId('Nothing_Like::this_at_all', KNOWN)).toBeNull();
    expect(closestResourceId('Shop_Sales::orders', KNOWN)).toBeNull();
    expect(closestResourceId('X::y', [])).toBeNull();
  });

  it('prefers the closest, and the first in the tree order on a tie', () => {
    expect(closestResourceId('Shop_Sales::order_vie', KNOWN)).toBe('Shop_Sales::order_view');
    expect(closestResourceId('A_B::ab', ['A_B::ax', 'A_B::xb'])).toBe('A_B::ax');
  });
});
