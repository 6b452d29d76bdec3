import { createPortcullis, PortcullisResource, type AclResourceSource } from '../../../src';

describe('createPortcullis', () => {
  const host: AclResourceSource = {
    name: 'host',
    resources: [{ id: 'Shop_Sales::sales', title: 'Sales', children: [{ id: 'Shop_Sales::orders', title: 'Orders' }] }],
  };

  it('wires every use case on in-memory storage with the real crypto adapters', async () => {
    const portcullis = await createPortcullis({ aclResources: [host] });
    const { integration, activation } = await portcullis.integrations.create({
      name: 'ERP',
      email: 'erp@example.com',
      resourceAccess: 'custom',
      resources: ['Shop_Sales::orders'],
      activate: true,
    });
    expect(integration.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(activation?.mode).toBe('local');
    if (activation?.mode !== 'local') throw new Error('expected local activation');
    for (const value of Object.values(activation.credentials)) expect(value).toMatch(/^[0-9a-z]{32}$/);
    expect(new Set(Object.values(activation.credentials)).size).toBe(4);
    const listed = await portcullis.integrations.list();
    expect(listed.items.map((item) => item.name)).toEqual(['ERP']);
  });

  it('accepts a plain list of definitions and always adds Portcullis own resources', async () => {
    const portcullis = await createPortcullis({ aclResources: host.resources });
    const ids = (await portcullis.acl.tree()).map((node) => node.id);
    expect(ids).toEqual(['Shop_Sales::sales', PortcullisResource.root]);
  });

  it('fails at once, naming the id and the source, for a bad ACL definition', async () => {
    await expect(
      createPortcullis({ aclResources: [{ name: 'acl.xml of Vendor_Bad', resources: [{ id: 'no-colons', title: 'Bad' }] }] }),
    ).rejects.toThrow(/"no-colons" in acl\.xml of Vendor_Bad/);
  });

  it('keeps separate instances apart', async () => {
    const a = await createPortcullis();
    const b = await createPortcullis();
    await a.roles.create({ name: 'Support', resourceAccess: 'all' });
    expect((await b.roles.list()).length).toBe(0);
    expect((await a.roles.list()).length).toBe(1);
  });
});
