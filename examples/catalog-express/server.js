#!/usr/bin/env node
// A small catalog API on Express 5, guarded by Portcullis embedded in the same process (the
// `portcullis.express` middleware). Run: `node examples/catalog-express/server.js` (see README.md).
'use strict';
// Compiles Portcullis (dist/) on first use, as `npm start` does; a no-op when it is up to date.
require('../../scripts/ensure-built.js').ensureBuilt();

const { createServer } = require('node:http');
const { join } = require('node:path');
const express = require('express');
const { createPortcullis } = require('../../dist/index.js');
const { R, NO_SUCH_PRODUCT, catalogStore, productFromBody, optionsFromEnv, portcullisOptions, ensureDemoIntegration, describeDemo } = require('../shared/catalog.js');

/** SQLite file and key file of the example (git ignores data/ directories). */
const DATA_DIR = join(__dirname, 'data');

/**
 * Starts the catalog API.
 * @param {object} [options] port (default 3001; 0 for any free port), host (default 127.0.0.1),
 *   databaseUrl (default SQLite under dataDir), redisUrl (nonces and guard invalidations in Redis;
 *   default none), dataDir (default data/ beside this file),
 *   publicBaseUrl (the URL clients sign for; default what the request's Host says),
 *   allowIntegrationBearer, demoIntegration (create or reuse "Demo client"), print (default stdout)
 * @returns {Promise<{ url: string, app: import('express').Express, portcullis: object, demo?: object, close(): Promise<void> }>}
 */
async function start(options = {}) {
  const settings = { port: 3001, host: '127.0.0.1', dataDir: DATA_DIR, ...options };
  const print = settings.print ?? ((text) => process.stdout.write(text));
  const portcullis = await createPortcullis(portcullisOptions(settings));
  const guard = portcullis.express;
  const catalog = catalogStore();

  const app = express();
  // Keeps signed form bodies raw for the signature check; JSON bodies are not signed.
  app.use(guard.formBody());
  app.use(express.json());

  // Each route names what it needs: `guard.require(...resources)` or `guard.anonymous()`.
  // The guard answers 401/403 itself; an allowed request carries `req.portcullis`.
  app.get('/health', guard.anonymous(), (req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/rest/V1/products', guard.require(R.products), (req, res) => {
    res.json(catalog.list());
  });

  app.get('/rest/V1/products/:sku', guard.require(R.products), (req, res) => {
    const product = catalog.get(req.params.sku);
    if (product === undefined) res.status(404).json({ message: NO_SUCH_PRODUCT });
    else res.json(product);
  });

  // Catalog::products_write is a child of Catalog::products: an integration granted
  // Catalog::products may write too (a checked resource covers its children, as in Magento);
  // one granted only Catalog::products_write may write, and read as the path to it.
  app.post('/rest/V1/products', guard.require(R.productsWrite), (req, res) => {
    const { product, error } = productFromBody(req.body);
    if (error !== undefined) res.status(400).json({ message: error });
    else res.json(catalog.save(product));
  });

  app.get('/rest/V1/categories', guard.require(R.categories), (req, res) => {
    res.json(catalog.categories());
  });

  app.use((req, res) => {
    res.status(404).json({ message: `Request does not match any route: ${req.method} ${req.path}` });
  });
  // Malformed JSON and the like, as JSON rather than Express's HTML page.
  app.use((error, req, res, _next) => {
    const status = Number.isInteger(error.status) && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) process.stderr.write(`${error.stack ?? String(error)}\n`);
    res.status(status).json({ message: status === 500 ? 'Internal error.' : error.message });
  });

  let demo;
  try {
    // Every resource the routes require must be in the ACL tree: a typo stops the start here,
    // naming the route and the id (Fastify does the same check by itself when the app is ready).
    guard.check(app);
    demo = settings.demoIntegration === true ? await ensureDemoIntegration(portcullis) : undefined;
  } catch (error) {
    await portcullis.close();
    throw error;
  }
  const server = createServer(app);
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await portcullis.close();
    throw error;
  }
  const { port } = server.address();
  const url = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  let closing;
  const close = () =>
    (closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }).finally(() => portcullis.close()));
  if (demo !== undefined) print(describeDemo(demo, settings.publicBaseUrl ?? url));
  return { url, app, portcullis, demo, close };
}

module.exports = { start };

if (require.main === module) {
  start(optionsFromEnv(process.env, { port: 3001, dataDir: DATA_DIR })).then(
    (running) => {
      process.stdout.write(`Catalog API (Express + Portcullis) listening on ${running.url}\n`);
      for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void running.close().then(() => process.exit(0)));
    },
    (error) => {
      process.stderr.write(`The catalog API did not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
