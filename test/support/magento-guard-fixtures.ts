import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readMagentoAclXml } from '../../src/adapters/config-files/magento-acl-xml.reader';
import { loadMagentoWebapiRouteTable } from '../../src/adapters/config-files/magento-webapi-xml.reader';
import { type RouteTable } from '../../src/application/guard/route-table';
import { type AclResourceSource } from '../../src/domain/acl/acl-resource-tree';
import { type Portcullis } from '../../src/infrastructure/create-portcullis';

const FIXTURES = join(__dirname, '..', 'fixtures');
const fixture = (kind: string, module: string, file: string): string => readFileSync(join(FIXTURES, kind, module, 'etc', file), 'utf8');

/** Magento's ACL resources for the Sales and Customer APIs (with the Backend and Config they hang on). */
export function magentoSalesAndCustomerAcl(): AclResourceSource[] {
  return ['Magento_Backend', 'Magento_Config', 'Magento_Sales', 'Magento_Customer'].map((module) => readMagentoAclXml(fixture('magento-acl', module, 'acl.xml'), module));
}

/** The route declarations of Magento's Sales and Customer webapi.xml. */
export function magentoSalesAndCustomerRoutes(): RouteTable {
  return loadMagentoWebapiRouteTable(['Magento_Sales', 'Magento_Customer'].map((module) => ({ name: module, xml: fixture('magento-webapi', module, 'webapi.xml') })));
}

export interface Credentials {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly accessToken: string;
  readonly accessTokenSecret: string;
}

/** "Order viewer": an active integration allowed Magento_Sales::actions_view only; its four credentials. */
export async function anOrderViewer(portcullis: Portcullis): Promise<Credentials> {
  const { activation } = await portcullis.integrations.create({
    name: 'Order viewer',
    email: 'ops@erp.example',
    resourceAccess: 'custom',
    resources: ['Magento_Sales::actions_view'],
    activate: true,
  });
  if (activation?.mode !== 'local') throw new Error('expected a local activation');
  return activation.credentials;
}
