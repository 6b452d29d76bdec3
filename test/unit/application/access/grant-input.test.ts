import { changedGrantInput, grantFromInput, toGrantView } from '../../../../src/application/access/grant-input';
import { AclResourceTree } from '../../../../src/domain/acl/acl-resource-tree';
import { R, SHOP_ACL } from '../../../support/acl-fixtures';
import { testCore } from '../../../support/test-core';

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const tree = AclResourceTree.build([SHOP_ACL]);

describe('grantFromInput', () => {
  it('reads All and Custom, checking ids against the tree', () => {
    expect(grantFromInput({ resourceAccess: 'all' }, tree).isAll).toBe(true);
    const grant = grantFromInput({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] }, tree);
    expect(toGrantView(grant)).toEqual({ resourceAccess: 'custom', resources: [R.orders], excluded: [R.cancel] });
    expect(thrown(() => grantFromInput({ resourceAccess: 'custom', resources: ['Nope_Module::x'] }, tree))).toMatchObject({ code: 'ACL.RESOURCE_UNKNOWN', parameters: { ids: ['Nope_Module::x'] } });
  });

  it('rejects an unknown mode and non-string ids with the field named', () => {
    expect(thrown(() => grantFromInput({ resourceAccess: 'some' as 'all' }, tree))).toMatchObject({ code: 'VALIDATION.RESOURCE_ACCESS_INVALID', parameters: { field: 'resourceAccess', value: 'some' } });
    expect(thrown(() => grantFromInput({ resourceAccess: 'custom', resources: [42 as unknown as string] }, tree))).toMatchObject({ code: 'VALIDATION.RESOURCES_INVALID', parameters: { field: 'resources' } });
  });
});

describe('changedGrantInput (partial updates)', () => {
  it('leaves access unchanged when nothing about it is given', () => {
    expect(changedGrantInput({})).toBeUndefined();
  });

  it('refuses resources without resourceAccess instead of ignoring them', () => {
    expect(thrown(() => changedGrantInput({ resources: [R.orders] }))).toMatchObject({ code: 'VALIDATION.REQUIRED', parameters: { field: 'resourceAccess' } });
  });

  it('is what UpdateIntegration and UpdateRole apply', async () => {
    const core = testCore();
    const { integration } = await core.portcullis.integrations.create({ name: 'ERP', email: 'e@example.com', resourceAccess: 'all' });
    await expect(core.portcullis.integrations.update({ id: integration.id, excluded: [R.cancel] })).rejects.toMatchObject({
      code: 'VALIDATION.REQUIRED',
    });
    const role = await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'all' });
    await expect(core.portcullis.roles.update({ id: role.id, resources: [R.orders] })).rejects.toMatchObject({ code: 'VALIDATION.REQUIRED' });
    expect((await core.portcullis.integrations.get({ id: integration.id })).access.resourceAccess).toBe('all');
    expect((await core.portcullis.roles.get({ id: role.id })).access.resourceAccess).toBe('all');
  });
});
