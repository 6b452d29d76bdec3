import { grantFromInput, toGrantView, type GrantInput } from '../../../../src/application/access/grant-input';
import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';

const tree = AclResourceTree.build([SHOP_ACL]);

/** The error an action throws (the test fails if it throws nothing). */
function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('grantFromInput', () => {
  it('reads All, ignoring any lists', () => {
    expect(grantFromInput({ resourceAccess: 'all', resources: ['whatever'] }, tree).isAll).toBe(true);
  });

  it('reads Custom with selected and excluded resources', () => {
    const grant = grantFromInput({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] }, tree);

    expect(grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [R.cancel] });
  });

  it('reads Custom with missing lists as nothing', () => {
    expect(grantFromInput({ resourceAccess: 'custom' }, tree).toSnapshot()).toEqual({ mode: 'custom', selected: [], excluded: [] });
  });

  it('refuses a missing or unknown mode with VALIDATION.RESOURCE_ACCESS_INVALID', () => {
    for (const resourceAccess of [undefined, 'everything', 'ALL']) {
      expect(thrown(() => grantFromInput({ resourceAccess } as unknown as GrantInput, tree))).toMatchObject({
        code: 'VALIDATION.RESOURCE_ACCESS_INVALID',
        parameters: { field: 'resourceAccess', value: String(resourceAccess) },
      });
    }
  });

  it('refuses lists that are not lists of strings with VALIDATION.RESOURCES_INVALID naming the field', () => {
    const bad = (input: Record<string, unknown>): GrantInput => ({ resourceAccess: 'custom', ...input });

    expect(thrown(() => grantFromInput(bad({ resources: R.orders }), tree))).toMatchObject({
      code: 'VALIDATION.RESOURCES_INVALID',
      parameters: { field: 'resources' },
    });
    expect(thrown(() => grantFromInput(bad({ resources: [R.sales], excluded: [42] }), tree))).toMatchObject({
      code: 'VALIDATION.RESOURCES_INVALID',
      parameters: { field: 'excluded' },
    });
  });

  it('checks the grant against the tree', () => {
    const unknown = thrown(() => grantFromInput({ resourceAccess: 'custom', resources: ['Nope_Module::nope'] }, tree));
    const orphan = thrown(() => grantFromInput({ resourceAccess: 'custom', resources: [R.customers], excluded: [R.cancel] }, tree));

    expect(unknown).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', parameters: { ids: ['Nope_Module::nope'] } });
    expect(orphan).toMatchObject({ code: 'GRANT.INVALID', parameters: { ids: [R.cancel] } });
  });
});

describe('toGrantView', () => {
  it('shows All with empty lists and Custom with sorted lists', () => {
    expect(toGrantView(Grant.all())).toEqual({ resourceAccess: 'all', resources: [], excluded: [] });
    expect(toGrantView(Grant.custom([R.sales, R.customers], [R.invoices]))).toEqual({
      resourceAccess: 'custom',
      resources: [R.customers, R.sales],
      excluded: [R.invoices],
    });
  });
});
