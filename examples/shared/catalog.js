// What both catalog examples share: the ACL resources of the catalog API, its in-memory products,
// settings read from the environment, and the "Demo client" integration. The Portcullis wiring
// itself (plugin / middleware, routes and their resources) is in each example's server.js.
'use strict';

/** The catalog API's own ACL resources (a tree, as a Magento acl.xml would declare them). */
const R = {
  catalog: 'Catalog::catalog',
  products: 'Catalog::products',
  productsWrite: 'Catalog::products_write',
  categories: 'Catalog::categories',
};

const CATALOG_ACL = {
  name: 'Catalog example',
  resources: [
    {
      id: R.catalog,
      title: 'Catalog',
      children: [
        { id: R.products, title: 'Products', children: [{ id: R.productsWrite, title: 'Create and edit products' }] },
        { id: R.categories, title: 'Categories' },
      ],
    },
  ],
};

const DEMO_NAME = 'Demo client';

/** A fresh in-memory catalog (each `start()` gets its own). */
function catalogStore() {
  const products = new Map(
    [
      { sku: 'MB01', name: 'Joust Duffle Bag', price: 34, category_id: 4 },
      { sku: 'MS02', name: 'Hero Hoodie', price: 54, category_id: 5 },
      { sku: 'WS03', name: 'Breathe-Easy Tank', price: 34, category_id: 6 },
    ].map((product) => [product.sku, product]),
  );
  const categories = {
    id: 2,
    parent_id: 1,
    name: 'Default Category',
    children_data: [
      { id: 4, parent_id: 2, name: 'Gear', children_data: [] },
      { id: 5, parent_id: 2, name: 'Men', children_data: [] },
      { id: 6, parent_id: 2, name: 'Women', children_data: [] },
    ],
  };
  return {
    /** Magento's search result shape. */
    list: () => {
      const items = [...products.values()];
      return { items, search_criteria: {}, total_count: items.length };
    },
    get: (sku) => products.get(sku),
    /** Creates or replaces the product (Magento's POST /V1/products saves by SKU). */
    save: (product) => {
      products.set(product.sku, product);
      return product;
    },
    categories: () => categories,
  };
}

/**
 * The product of a `POST /rest/V1/products` body `{ "product": { "sku", "name", "price" } }`.
 * @returns the product, or `{ error }` saying what is wrong
 */
function productFromBody(body) {
  const product = body !== null && typeof body === 'object' ? body.product : undefined;
  if (product === null || typeof product !== 'object') return { error: 'The body must be {"product": {"sku": …, "name": …, "price": …}}.' };
  const { sku, name, price } = product;
  if (typeof sku !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(sku)) return { error: '"product.sku" must be 1 to 64 letters, digits, "-" or "_".' };
  if (typeof name !== 'string' || name.trim() === '') return { error: '"product.name" must be a non-empty text.' };
  if (typeof price !== 'number' || !Number.isFinite(price) || price < 0) return { error: '"product.price" must be a number of at least 0.' };
  const categoryId = Number.isInteger(product.category_id) ? product.category_id : null;
  return { product: { sku, name: name.trim(), price, category_id: categoryId } };
}

const NO_SUCH_PRODUCT = "The product that was requested doesn't exist. Verify the product and try again.";

/**
 * Settings of a catalog example from the environment.
 * PORT, HOST, DATABASE_URL (default: SQLite under the data dir), PORTCULLIS_DATA_DIR (default
 * the example's own data/ directory, which git ignores), PUBLIC_BASE_URL, ALLOW_INTEGRATION_BEARER,
 * DEMO_INTEGRATION (or the --demo-integration flag).
 */
function optionsFromEnv(env, defaults) {
  const flag = (value) => value === '1' || value === 'true';
  const text = (value) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  return {
    port: text(env.PORT) !== undefined ? Number(env.PORT) : defaults.port,
    host: text(env.HOST) ?? '127.0.0.1',
    databaseUrl: text(env.DATABASE_URL),
    redisUrl: text(env.REDIS_URL),
    dataDir: text(env.PORTCULLIS_DATA_DIR) ?? defaults.dataDir,
    publicBaseUrl: text(env.PUBLIC_BASE_URL),
    allowIntegrationBearer: flag(env.ALLOW_INTEGRATION_BEARER),
    demoIntegration: flag(env.DEMO_INTEGRATION) || process.argv.includes('--demo-integration'),
  };
}

/** `createPortcullis` options of the example: the catalog ACL, SQLite (or DATABASE_URL), the guard settings. */
function portcullisOptions(options) {
  return {
    database: options.databaseUrl !== undefined ? { url: options.databaseUrl } : {},
    dataDir: options.dataDir,
    ...(options.redisUrl !== undefined ? { redisUrl: options.redisUrl } : {}),
    aclResources: [CATALOG_ACL],
    ...(options.publicBaseUrl !== undefined ? { publicBaseUrl: options.publicBaseUrl } : {}),
    guard: { integrationBearer: options.allowIntegrationBearer === true },
  };
}

/**
 * Creates the integration "Demo client" (Custom access: Catalog::products) and activates it, or
 * reuses it when it exists (activating it again if it is not active), so restarts are idempotent.
 * @returns its id, its four OAuth credentials and whether it was created now
 */
async function ensureDemoIntegration(portcullis) {
  const found = (await portcullis.integrations.list({ name: DEMO_NAME, pageSize: 200 })).items.find((item) => item.name === DEMO_NAME);
  if (found === undefined) {
    const saved = await portcullis.integrations.create({
      name: DEMO_NAME,
      email: 'demo@example.com',
      resourceAccess: 'custom',
      resources: [R.products],
      activate: true,
    });
    return { id: saved.integration.id, created: true, credentials: saved.activation.credentials };
  }
  if (found.status !== 'active') {
    const activated = await portcullis.integrations.activate({ id: found.id });
    return { id: found.id, created: false, credentials: activated.activation.credentials };
  }
  return { id: found.id, created: false, credentials: await portcullis.integrations.credentials({ id: found.id }) };
}

/** The credentials, for a person trying the API with curl or an OAuth 1.0a client. */
function describeDemo(demo, url) {
  const c = demo.credentials;
  return [
    `Integration "${DEMO_NAME}" ${demo.created ? 'created and activated' : 'reused'} (access: ${R.products}):`,
    `  consumer key:        ${c.consumerKey}`,
    `  consumer secret:     ${c.consumerSecret}`,
    `  access token:        ${c.accessToken}`,
    `  access token secret: ${c.accessTokenSecret}`,
    `Sign requests to ${url}/rest/V1/products with OAuth 1.0a (HMAC-SHA256), e.g. examples/sign.js.`,
    '',
  ].join('\n');
}

module.exports = { R, CATALOG_ACL, DEMO_NAME, NO_SUCH_PRODUCT, catalogStore, productFromBody, optionsFromEnv, portcullisOptions, ensureDemoIntegration, describeDemo };
