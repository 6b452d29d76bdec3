import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMagentoAclXml } from '../../../../src/adapters/config-files/magento-acl-xml.reader';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';
import { AclResourceTree, type AclResourceSource } from '../../../../src/domain/acl/acl-resource-tree';
import { ConflictingResourceError } from '../../../../src/domain/acl/acl.errors';
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

const FILE = 'Vendor_Module/etc/acl.xml';

/** The problems of the ConfigFilesError that reading `xml` throws. */
function problemsOf(xml: string): readonly ConfigProblem[] {
  const error = errorFrom(() => readMagentoAclXml(xml, FILE));
  if (!(error instanceof ConfigFilesError)) throw error;
  return error.problems;
}

function at(line: number, column: number): { file: string; line: number; column: number } {
  return { file: FILE, line, column };
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

    it('gives each definition its origin, file:line:column of its <resource>', () => {
      const sales = fixtureSources().find((source) => source.name === 'Magento_Sales/etc/acl.xml');

      expect(sales?.resources[0]).toMatchObject({ id: 'Magento_Sales::sales', origin: 'Magento_Sales/etc/acl.xml:12:17' });
      expect(sales?.resources[0]?.children?.[0]).toMatchObject({ id: 'Magento_Sales::sales_operation', origin: 'Magento_Sales/etc/acl.xml:13:21' });
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
            children: [{ id: 'Vendor_Module::child', title: 'Child', children: [], origin: 'Vendor_Module/etc/acl.xml:8:21' }],
            origin: 'Vendor_Module/etc/acl.xml:7:17',
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
        {
          id: 'Magento_Backend::stores',
          children: [{ id: 'Vendor_Module::settings', title: 'Vendor settings', sortOrder: 7, children: [], origin: 'Vendor_Module/etc/acl.xml:7:21' }],
          origin: 'Vendor_Module/etc/acl.xml:6:17',
        },
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

      expect(error).toBeInstanceOf(ConfigFilesError);
      expect(error.message).toContain('Vendor_Broken/etc/acl.xml');
      expect(error.message).toContain('not well-formed XML');
    });

    it('rejects a document without <config><acl><resources>, naming the source', () => {
      const error = errorFrom(() => readMagentoAclXml('<config><acl/></config>', 'Vendor_Broken/etc/acl.xml'));

      expect(error).toBeInstanceOf(ConfigFilesError);
      expect(error.message).toContain('Vendor_Broken/etc/acl.xml:1:9: <acl> has no <resources> element; it is required');
    });

    it('rejects a resource without an id, naming the file, line and column', () => {
      const error = errorFrom(() => readMagentoAclXml(aclXml('<resource title="No id" />'), 'Vendor_Broken/etc/acl.xml'));

      expect(error).toBeInstanceOf(ConfigFilesError);
      expect(error).toMatchObject({ code: 'CONFIG.INVALID_FILES' });
      expect(error.message).toContain('Vendor_Broken/etc/acl.xml:4:20: <resource> has no id attribute; it is required');
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

  describe('acl.xsd, checked by hand', () => {
    it('accepts every attribute acl.xsd allows, and xs:int / xs:boolean values with blanks around them', () => {
      const source = readMagentoAclXml(
        aclXml(`
            <resource id="Magento_Backend::admin">
                <resource id="Vendor_Module::a" title="Abc" translate="title" sortOrder="-5" disabled="0" />
                <resource id="Vendor2_Module3::b_2" title="Bcd" sortOrder=" +3 " disabled=" false " />
            </resource>`),
        FILE,
      );

      expect(source.resources.map((resource) => [resource.id, resource.sortOrder])).toEqual([
        ['Vendor_Module::a', -5],
        ['Vendor2_Module3::b_2', 3],
      ]);
    });

    it('rejects an element acl.xsd does not allow, naming the allowed ones', () => {
      expect(problemsOf(aclXml('\n<resource id="Vendor_Module::a" title="Abc"><child/></resource>'))).toEqual([
        { location: at(5, 45), message: 'element <child> is not allowed in <resource>; allowed: resource' },
      ]);
    });

    it('rejects an attribute acl.xsd does not allow, naming the allowed ones', () => {
      expect(problemsOf(aclXml('\n<resource id="Vendor_Module::a" titel="Abc"/>'))).toEqual([
        { location: at(5, 33), message: 'attribute titel is not allowed on <resource>; allowed: id, title, translate, sortOrder, disabled' },
      ]);
    });

    it.each([
      ['a lower-case vendor', 'vendor_Module::a'],
      ['a one-letter vendor', 'V_Module::a'],
      ['a single colon', 'Vendor_Module:a'],
      ['no module', 'Vendor::a'],
      ['a dash in the resource', 'Vendor_Module::a-b'],
      ['blanks around it', ' Vendor_Module::a'],
    ])('rejects an id of the wrong form (%s), at the attribute', (_case, id) => {
      expect(problemsOf(aclXml(`\n<resource id="${id}" title="Abc"/>`))).toEqual([
        {
          location: at(5, 11),
          message: `resource id "${id}" is not valid; expected Vendor_Module::resource: letters and digits, each part starting with a capital, and letters, digits and _ after ::`,
        },
      ]);
    });

    it('rejects a long bad id quickly (the pattern does not backtrack)', () => {
      const started = Date.now();
      expect(problemsOf(aclXml(`<resource id="${'Ab'.repeat(5000)}!" />`))).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it.each([
      ['too short', 'Ab', 2],
      ['too long', 'x'.repeat(51), 51],
    ])('rejects a title %s (3 to 50 characters)', (_case, title, length) => {
      expect(problemsOf(aclXml(`\n<resource id="Vendor_Module::a" title="${title}"/>`))).toEqual([
        { location: at(5, 33), message: `title "${title}" has ${length} characters; allowed: 3 to 50` },
      ]);
    });

    it.each(['ten', '1.5', '2147483648', ''])('rejects a sortOrder that is not an xs:int (%p)', (sortOrder) => {
      expect(problemsOf(aclXml(`\n<resource id="Vendor_Module::a" sortOrder="${sortOrder}"/>`))).toEqual([
        { location: at(5, 33), message: `sortOrder "${sortOrder}" is not an integer from -2147483648 to 2147483647` },
      ]);
    });

    it('rejects a disabled value that is not an xs:boolean', () => {
      expect(problemsOf(aclXml('\n<resource id="Vendor_Module::a" disabled="yes"/>'))).toEqual([
        { location: at(5, 33), message: 'disabled "yes" is not a boolean; allowed: true, false, 1, 0' },
      ]);
    });

    it('rejects an id given twice in the file, also inside a disabled subtree', () => {
      expect(
        problemsOf(
          aclXml(`
<resource id="Vendor_Module::a" title="Abc">
  <resource id="Vendor_Module::b" title="Bcd" disabled="true">
    <resource id="Vendor_Module::a" />
  </resource>
</resource>`),
        ),
      ).toEqual([
        {
          location: at(7, 15),
          message: 'resource id "Vendor_Module::a" is given twice in this file (first at line 5, column 1); ids are unique within an acl.xml',
        },
      ]);
    });

    it.each([
      ['another root', '<acl><resources/></acl>', '<acl>', 'the root element is <acl>; expected <config>'],
      ['no <acl>', '<config/>', '<config/>', '<config> has no <acl> element; it is required'],
      ['two <acl>', '<config><acl><resources/></acl><acl><resources/></acl></config>', '<acl><resources/></acl></config>', 'element <acl> appears more than once in <config>; at most one is allowed'],
      ['text in <resources>', '<config><acl><resources>Vendor_Module::a</resources></acl></config>', 'Vendor', 'text "Vendor_Module::a" is not allowed in <resources>; it holds only elements'],
    ])('rejects a document that does not have the structure of acl.xsd (%s)', (_case, xml, where, message) => {
      expect(problemsOf(xml)).toEqual([{ location: at(1, xml.indexOf(where) + 1), message }]);
    });

    it('reports every problem of the file at once, in reading order', () => {
      const xml = aclXml(`
<resource id="Magento_Backend::admin">
  <resource id="vendor::a" title="ab" sortOrder="x">
    <resource title="Fine title" disabled="maybe"/>
    <resorce id="Vendor_Module::b"/>
  </resource>
</resource>`);

      expect(problemsOf(xml)).toEqual([
        { location: at(6, 13), message: `resource id "vendor::a" is not valid; expected Vendor_Module::resource: letters and digits, each part starting with a capital, and letters, digits and _ after ::` },
        { location: at(6, 28), message: 'title "ab" has 2 characters; allowed: 3 to 50' },
        { location: at(6, 39), message: 'sortOrder "x" is not an integer from -2147483648 to 2147483647' },
        { location: at(7, 5), message: '<resource> has no id attribute; it is required' },
        { location: at(7, 34), message: 'disabled "maybe" is not a boolean; allowed: true, false, 1, 0' },
        { location: at(8, 5), message: 'element <resorce> is not allowed in <resource>; allowed: resource' },
      ]);
      const error = errorFrom(() => readMagentoAclXml(xml, FILE));
      expect(error.message).toContain('Vendor_Module/etc/acl.xml:7:5: <resource> has no id attribute; it is required');
    });
  });
});
