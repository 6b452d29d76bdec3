#!/usr/bin/env node
// A small catalog API on Fastify, guarded by Portcullis embedded in the same process (the
// `portcullis.fastify.plugin`). Run: `node examples/catalog-fastify/server.js` (see README.md).
'use strict';
// Compiles Portcullis (dist/) on first use, as `npm start` does; a no-op when it is up to date.
require('../../scripts/ensure-built.js').ensureBuilt();

const { join } = require('node:path');
const Fastify = require('fastify');
const { createPortcullis } = require('../../dist/index.js');
const { R, NO_SUCH_PRODUCT, catalogStore, productFromBody, optionsFromEnv, portcullisOptions, ensureDemoIntegration, describeDemo } = require('../shared/catalog.js');

/** SQLite file and key file of the example (git ignores data/ directories). */
const DATA_DIR = join(__dirname, 'data');

/**
 * Starts the catalog API.
 * @param {object} [options] port (default 3000; 0 for any free port), host (default 127.0.0.1),
 *   databaseUrl (default SQLite under dataDir), redisUrl (nonces and guard invalidations in Redis;
 *   default none), dataDir (default data/ beside this file),
 *   publicBaseUrl (the URL clients sign for; default what the request's Host says),
 *   allowIntegrationBearer, demoIntegration (create or reuse "Demo client"), print (default stdout),
 *   logger (Fastify's logger option, default off)
 * @returns {Promise<{ url: string, app: import('fastify').FastifyInstance, portcullis: object, demo?: object, close(): Promise<void> }>}
 */
async function start(options = {}) {
  const settings = { port: 3000, host: '127.0.0.1', dataDir: DATA_DIR, ...options };
  const print = settings.print ?? ((text) => process.stdout.write(text));
  const portcullis = await createPortcullis(portcullisOptions(settings));
  const catalog = catalogStore();
  const app = Fastify({ logger: settings.logger ?? false });
  let demo;
  try {
    // Before the routes: from here on, every route must declare `config.resources` (an
    // undeclared route is refused with 403), and `request.portcullis` names the caller.
    await app.register(portcullis.fastify.plugin);

    app.get('/health', { config: { resources: 'anonymous' } }, () => ({ status: 'ok' }));

    app.get('/rest/V1/products', { config: { resources: [R.products] } }, () => catalog.list());

    app.get('/rest/V1/products/:sku', { config: { resources: [R.products] } }, (request, reply) => {
      const product = catalog.get(request.params.sku);
      return product ?? reply.code(404).send({ message: NO_SUCH_PRODUCT });
    });

    // Catalog::products_write is a child of Catalog::products: an integration granted
    // Catalog::products may write too (a checked resource covers its children, as in Magento);
    // one granted only Catalog::products_write may write, and read as the path to it.
    app.post('/rest/V1/products', { config: { resources: [R.productsWrite] } }, (request, reply) => {
      const { product, error } = productFromBody(request.body);
      if (error !== undefined) return reply.code(400).send({ message: error });
      request.log.info({ by: request.portcullis, sku: product.sku }, 'product saved');
      return catalog.save(product);
    });

    app.get('/rest/V1/categories', { config: { resources: [R.categories] } }, () => catalog.categories());

    // The same listing, open to anyone: the baseline `npm run bench:guard` compares the guarded
    // route with.
    app.get('/public/products', { config: { resources: 'anonymous' } }, () => catalog.list());

    demo = settings.demoIntegration === true ? await ensureDemoIntegration(portcullis) : undefined;
    await app.listen({ port: settings.port, host: settings.host });
  } catch (error) {
    await app.close();
    await portcullis.close();
    throw error;
  }
  const { port } = app.server.address();
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  if (demo !== undefined) print(describeDemo(demo, settings.publicBaseUrl ?? url));
  let closing;
  const close = () => (closing ??= app.close().finally(() => portcullis.close()));
  return { url, app, portcullis, demo, close };
}

module.exports = { start };

if (require.main === module) {
  start(optionsFromEnv(process.env, { port: 3000, dataDir: DATA_DIR })).then(
    (running) => {
      process.stdout.write(`Catalog API (Fastify + Portcullis) listening on ${running.url}\n`);
      for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void running.close().then(() => process.exit(0)));
    },
    (error) => {
      process.stderr.write(`The catalog API did not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
