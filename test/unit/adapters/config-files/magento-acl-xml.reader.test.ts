import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMagentoAclXml } from '../../../../src/adapters/config-files/magento-acl-xml.reader';
import { AclResourceTree, type AclResourceSource } from '../../../../src/domain/acl/acl-resource-tree';
import { ConflictingResourceError, InvalidResourceIdError } from '../../../../src/domain/acl/acl.errors';
import { Grant } from '../../../../src/domain/acl/grant.value-object';
import { errorFrom } from '../../../support/errors';

const FIXTURES = join(__dirname, '../../../fixtures/magento-acl');

/** The 18 copied Magento files, each read under its relative path (e.g. `Magento_Sales/etc/acl.xml`). */
function fixtureSources(): AclResourceSource[] {
  return readdirSync(FIXTURES)
    .sort()
    .map((module) => `${module}/etc/acl.xml`)
    .map((file) => readMagentoAclXml(readFileSync(join(FIXTURES, file), 'utf8'), file));
}

function aclXml(resources: string): string {
  return `<?xml version="1.0"?>
<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="urn:magento:framework:Acl/etc/acl.xsd">
    <acl>
        <resources>${resources}</resources>
    </acl>
</config>`;
}

describe('readMagentoAclXml', () => {
  describe('the 18 Magento Open Source acl.xml files (test/fixtures/magento-acl)', () => {
    const sources = fixtureSources();
    const tree = AclResourceTree.build(sources);

    it('reads all 18 files', () => {
      expect(sources).toHaveLength(18);
      expect(sources.map((source) => source.name)).toContain('Magento_Backend/etc/acl.xml');
    });

    // test/fixtures/README.md: 163 unique ids, 6 deep, counting Magento_Backend::all and
    // Magento_Backend::admin at depth 1 (count_acl.py). Without those two: 161 resources, depth 5.
    it('merges into 161 resources, 5 deep, without Magento_Backend::all and Magento_Backend::admin', () => {
      expect(tree.size).toBe(161);
      expect(tree.depth).toBe(5);
      expect(tree.has('Magento_Backend::all')).toBe(false);
      expect(tree.has('Magento_Backend::admin')).toBe(false);
    });

    it('makes the children of Magento_Backend::admin the top-level resources', () => {
      expect(tree.topLevelIds()).toEqual(expect.arrayContaining(['Magento_Backend::dashboard', 'Magento_Sales::sales', 'Magento_Customer::customer']));
      expect(tree.get('Magento_Sales::sales')).toMatchObject({ title: 'Sales', sortOrder: 20, parentId: null, depth: 1 });
    });

    it('places a deep resource under its ancestors', () => {
      expect(tree.ancestorsOf('Magento_Backend::flush_cache_storage')).toEqual([
        'Magento_Backend::main_actions',
        'Magento_Backend::cache',
        'Magento_Backend::tools',
        'Magento_Backend::system',
      ]);
      expect(tree.get('Magento_Backend::flush_cache_storage')?.depth).toBe(5);
    });

    it('merges a resource re-opened by other modules (title from one file, children from several)', () => {
      const config = tree.get('Magento_Config::config');

      expect(config?.title).toBe('Configuration');
      expect(config?.parentId).toBe('Magento_Backend::stores_settings');
      expect(config?.childIds).toEqual(expect.arrayContaining(['Magento_Sales::config_sales', 'Magento_Customer::config_customer']));
    });

    it('decodes entities in titles and reads sort orders as numbers', () => {
      expect(tree.get('Magento_Backend::marketing_seo')).toMatchObject({ title: 'SEO & Search', sortOrder: 40 });
    });

    it('gives the same resources under the same parents whatever the order of the files', () => {
      const reversed = AclResourceTree.build([...fixtureSources()].reverse());

      expect([...reversed.ids()].sort()).toEqual([...tree.ids()].sort());
      for (const id of tree.ids()) expect([id, reversed.get(id)?.parentId]).toEqual([id, tree.get(id)?.parentId]);
    });

    it('lets a grant selecting Magento_Sales::sales allow Magento_Sales::capture but not Magento_Customer::manage', () => {
      const grant = Grant.custom(['Magento_Sales::sales']);

      expect(grant.isAllowed('Magento_Sales::capture', tree)).toBe(true);
      expect(grant.isAllowed('Magento_Customer::manage', tree)).toBe(false);
    });

    it('imports the integration.xml example of Magento as exactly its resource list', () => {
      const list = [
        'Magento_Customer::customer',
        'Magento_Customer::manage',
        'Magento_Sales::sales',
        'Magento_Sales::sales_operation',
        'Magento_Sales::sales_order',
        'Magento_Sales::actions',
        'Magento_Sales::capture',
      ];

      const grant = Grant.importResourceList(list, tree);

      expect([...grant.allowedResources(tree)].sort()).toEqual([...list].sort());
    });
  });

  describe('one file', () => {
    it('skips Magento_Backend::all and makes the children of Magento_Backend::admin top-level', () => {
      const source = readMagentoAclXml(
        aclXml(`
            <resource id="Magento_Backend::all" title="Allow everything" sortOrder="10" />
            <resource id="Magento_Backend::admin" title="Magento Admin" sortOrder="20">
                <resource id="Vendor_Module::top" title="Top" sortOrder="30">
                    <resource id="Vendor_Module::child" title="Child" />
                </resource>
            </resource>`),
        'Vendor_Module/etc/acl.xml',
      );

      expect(source).toEqual({
        name: 'Vendor_Module/etc/acl.xml',
        resources: [
          {
            id: 'Vendor_Module::top',
            title: 'Top',
            sortOrder: 30,
            children: [{ id: 'Vendor_Module::child', title: 'Child', children: [] }],
          },
        ],
      });
    });

    it('keeps a top-level resource that is not under Magento_Backend::admin top-level', () => {
      const source = readMagentoAclXml(
        aclXml(`
            <resource id="Magento_Backend::admin"><resource id="Vendor_Module::inside" title="Inside" /></resource>
            <resource id="Vendor_Module::outside" title="Outside" sortOrder="5" />`),
        'Vendor_Module/etc/acl.xml',
      );

      expect(source.resources.map((resource) => resource.id)).toEqual(['Vendor_Module::inside', 'Vendor_Module::outside']);
    });

    it('trims titles and leaves out a missing title or sort order', () => {
      const source = readMagentoAclXml(
        aclXml(`
            <resource id="Magento_Backend::admin">
                <resource id="Magento_Backend::stores">
                    <resource id="Vendor_Module::settings" title="  Vendor settings  " sortOrder=" 7 " />
                </resource>
            </resource>`),
        'Vendor_Module/etc/acl.xml',
      );

      expect(source.resources).toEqual([
        { id: 'Magento_Backend::stores', children: [{ id: 'Vendor_Module::settings', title: 'Vendor settings', sortOrder: 7, children: [] }] },
      ]);
    });

    it('skips a disabled resource with its subtree', () => {
      const source = readMagentoAclXml(
        aclXml(`
            <resource id="Magento_Backend::admin">
                <resource id="Vendor_Module::kept" title="Kept" disabled="false">
                    <resource id="Vendor_Module::gone" title="Gone" disabled="true">
                        <resource id="Vendor_Module::gone_child" title="Gone child" />
                    </resource>
                    <resource id="Vendor_Module::also_gone" title="Also gone" disabled="1" />
                </resource>
            </resource>`),
        'Vendor_Module/etc/acl.xml',
      );

      const tree = AclResourceTree.build([source]);
      expect(tree.ids()).toEqual(['Vendor_Module::kept']);
    });

    it('reads an empty resource list', () => {
      expect(readMagentoAclXml(aclXml(''), 'empty.xml').resources).toEqual([]);
      expect(readMagentoAclXml('<config><acl><resources/></acl></config>', 'empty.xml').resources).toEqual([]);
    });

    it.each([
      ['an unclosed tag', '<config><acl><resources></acl></config>'],
      ['text that is not XML', 'not xml at all'],
      ['an empty document', ''],
    ])('rejects malformed XML (%s), naming the source', (_case, xml) => {
      const error = errorFrom(() => readMagentoAclXml(xml, 'Vendor_Broken/etc/acl.xml'));

      expect(error.message).toContain('Vendor_Broken/etc/acl.xml');
    });

    it('rejects a document without <config><acl><resources>, naming the source', () => {
      const error = errorFrom(() => readMagentoAclXml('<config><acl/></config>', 'Vendor_Broken/etc/acl.xml'));

      expect(error.message).toContain('Vendor_Broken/etc/acl.xml');
    });

    it('lets the tree reject a resource without an id, naming the source', () => {
      const source = readMagentoAclXml(aclXml('<resource title="No id" />'), 'Vendor_Broken/etc/acl.xml');

      const error = errorFrom(() => AclResourceTree.build([source]));
      expect(error).toBeInstanceOf(InvalidResourceIdError);
      expect(error.message).toContain('Vendor_Broken/etc/acl.xml');
    });

    it('lets the tree reject the same id under different parents in two files, naming both', () => {
      const first = readMagentoAclXml(
        aclXml(`<resource id="Magento_Backend::admin">
            <resource id="Vendor_One::parent" title="Parent"><resource id="Vendor_Shared::thing" title="Thing" /></resource>
          </resource>`),
        'Vendor_One/etc/acl.xml',
      );
      const second = readMagentoAclXml(
        aclXml(`<resource id="Magento_Backend::admin">
            <resource id="Vendor_Two::parent" title="Other parent"><resource id="Vendor_Shared::thing" /></resource>
          </resource>`),
        'Vendor_Two/etc/acl.xml',
      );

      const error = errorFrom(() => AclResourceTree.build([first, second]));

      expect(error).toBeInstanceOf(ConflictingResourceError);
      expect(error).toMatchObject({ code: 'ACL.RESOURCE_CONFLICT' });
      expect(error.message).toContain('Vendor_One/etc/acl.xml');
      expect(error.message).toContain('Vendor_Two/etc/acl.xml');
    });
  });
});
