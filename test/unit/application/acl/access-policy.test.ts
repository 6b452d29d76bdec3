import { AccessPolicy } from '../../../../src/application/access/access-policy';
import { adminActor, SYSTEM_ACTOR } from '../../../../src/application/access/actor';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { PortcullisResource } from '../../../../src/domain/acl/portcullis-resources';
import { R } from '../../../support/acl-fixtures';
import { anAdmin, testCore, type TestCore } from '../../../support/test-core';

const policyOf = (core: TestCore): AccessPolicy => core.container.get(AccessPolicy);

describe('AccessPolicy', () => {
  it('exposes the tree with the host\'s and Portcullis\'s resources', () => {
    const tree = policyOf(testCore()).tree();

    expect(tree.has(R.capture)).toBe(true);
    expect(tree.has(PortcullisResource.adminUsers)).toBe(true);
  });

  describe('grantOf', () => {
    it('gives the system every resource', async () => {
      expect((await policyOf(testCore()).grantOf(SYSTEM_ACTOR)).isAll).toBe(true);
    });

    it('gives an active admin the grant of their role', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders], excluded: [R.cancel] });

      const grant = await policyOf(core).grantOf(actor);

      expect(grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.orders], excluded: [R.cancel] });
    });

    it('follows role changes made after the admin was created', async () => {
      const core = testCore();
      const { actor, roleId } = await anAdmin(core, 'sally', { resources: [R.orders] });
      await core.portcullis.roles.update({ id: roleId, resourceAccess: 'custom', resources: [R.customers] });

      expect((await policyOf(core).grantOf(actor)).toSnapshot().selected).toEqual([R.customers]);
    });

    it('refuses an unknown, an inactive and a roleless admin with ACCESS.ACTOR_NOT_ALLOWED, saying why', async () => {
      const core = testCore();
      const inactive = await anAdmin(core, 'inactive', 'all');
      await core.portcullis.adminUsers.update({ id: inactive.userId, active: false });
      const roleless = await anAdmin(core, 'roleless', 'all');
      await core.portcullis.roles.delete({ id: roleless.roleId });
      const policy = policyOf(core);

      await expect(policy.grantOf(adminActor('ghost'))).rejects.toMatchObject({
        code: 'ACCESS.ACTOR_NOT_ALLOWED',
        message: 'This admin user cannot act: the user does not exist.',
      });
      await expect(policy.grantOf(inactive.actor)).rejects.toMatchObject({
        code: 'ACCESS.ACTOR_NOT_ALLOWED',
        message: 'This admin user cannot act: the user is inactive.',
      });
      await expect(policy.grantOf(roleless.actor)).rejects.toMatchObject({
        code: 'ACCESS.ACTOR_NOT_ALLOWED',
        message: 'This admin user cannot act: the user has no role.',
      });
    });
  });

  describe('assertMayGive', () => {
    it('lets the system give anything, All included', async () => {
      await expect(policyOf(testCore()).assertMayGive(SYSTEM_ACTOR, Grant.all(), 'test')).resolves.toBeUndefined();
    });

    it('lets an admin give what they have, and refuses more, naming the action', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const policy = policyOf(core);

      await expect(policy.assertMayGive(actor, Grant.custom([R.capture]), 'grant capture')).resolves.toBeUndefined();
      await expect(policy.assertMayGive(actor, Grant.custom([R.sales]), 'grant sales')).rejects.toMatchObject({
        code: 'ACCESS.PRIVILEGE_ESCALATION',
        message: `You cannot grant sales: it gives access to resources you are not allowed yourself: ${R.sales}.`,
      });
    });
  });

  describe('grantRequestedBy', () => {
    it('parses, validates against the tree and checks the actor', async () => {
      const core = testCore();
      const { actor } = await anAdmin(core, 'sally', { resources: [R.orders] });
      const policy = policyOf(core);

      const grant = await policy.grantRequestedBy(actor, { resourceAccess: 'custom', resources: [R.actions], excluded: [R.cancel] }, 'x');
      expect(grant.toSnapshot()).toEqual({ mode: 'custom', selected: [R.actions], excluded: [R.cancel] });

      await expect(policy.grantRequestedBy(actor, { resourceAccess: 'custom', resources: ['Nope_Module::nope'] }, 'x')).rejects.toMatchObject({
        code: 'ACL.RESOURCE_UNKNOWN',
      });
      await expect(policy.grantRequestedBy(actor, { resourceAccess: 'all' }, 'x')).rejects.toMatchObject({ code: 'ACCESS.PRIVILEGE_ESCALATION' });
    });
  });
});
