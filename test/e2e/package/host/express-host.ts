// An Express 5 host built on the installed package, as README.md's guard example has it:
// formBody() ahead of the routes, each route guarded by portcullis.express.require(...), and the
// caller typed as req.portcullis in the host's own handler. Prints a signed and an unsigned call.
import { type AddressInfo } from 'node:net';
import express from 'express';
import { createPortcullis, type Principal } from 'portcullis';
import { callSigned, callUnsigned } from './client';

async function main(): Promise<void> {
  const portcullis = await createPortcullis({ aclResources: [{ id: 'Catalog::products', title: 'Products' }] });
  const app = express();
  app.use(portcullis.express.formBody());
  app.get('/rest/V1/products', portcullis.express.require('Catalog::products'), (req, res) => {
    const caller: Principal | undefined = req.portcullis;
    res.json({ caller });
  });
  // Type-checked only: behind the guard, the host's handler keeps Express's own types (`req.body`
  // is `any`, `req.params` comes from the path).
  app.post('/rest/V1/products/:sku', express.json(), portcullis.express.require('Catalog::products'), (req, res) => {
    const name: string = req.body.name;
    res.status(201).json({ sku: req.params.sku, name });
  });
  app.get('/health', portcullis.express.anonymous(), (_req, res) => void res.send('ok'));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { activation } = await portcullis.integrations.create({
      name: 'Catalog reader',
      email: 'ops@reader.example',
      resourceAccess: 'custom',
      resources: ['Catalog::products'],
      activate: true,
    });
    if (activation?.mode !== 'local') throw new Error('expected a local activation');
    const signed = await callSigned(`${base}/rest/V1/products`, activation.credentials);
    const unsigned = await callUnsigned(`${base}/rest/V1/products`);
    process.stdout.write(`${JSON.stringify({ signed, unsigned })}\n`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await portcullis.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
