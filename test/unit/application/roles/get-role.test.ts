import { R } from '../../../support/acl-fixtures';
import { testCore } from '../../../support/test-core';

describe('GetRole', () => {
  it('returns an admin role with its access', async () => {
    const core = testCore();
    const created = await core.portcullis.roles.create({ name: 'Support', resourceAccess: 'custom', resources: [R.customers] });

    expect(await core.portcullis.roles.get({ id: created.id })).toEqual(created);
  });

  it('refuses an unknown id with ROLE.NOT_FOUND naming it', async () => {
    const core = testCore();

    await expect(core.portcullis.roles.get({ id: 'missing' })).rejects.toMatchObject({
      code: 'ROLE.NOT_FOUND',
      parameters: { id: 'missing' },
      message: 'The role with ID "missing" does not exist.',
    });
  });
});
