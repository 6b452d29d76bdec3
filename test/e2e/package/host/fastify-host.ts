// A Fastify host built on the installed package, as README.md's guard example has it: the plugin
// registered before the routes, each route declaring its resources. It prints what a signed and
// an unsigned call got, as JSON, for the test to check.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { createPortcullis } from 'portcullis';
import { callSigned, callUnsigned } from './client';

async function main(): Promise<void> {
  // The embedded SQLite database, so the host's own build of better-sqlite3 is used.
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-fastify-host-'));
  const portcullis = await createPortcullis({ database: {}, dataDir, aclResources: [{ id: 'Catalog::products', title: 'Products' }] });
  const app = Fastify();
  try {
    await app.register(portcullis.fastify.plugin);
    app.get('/rest/V1/products', { config: { resources: ['Catalog::products'] } }, (request) => ({ caller: request.portcullis }));
    app.get('/health', { config: { resources: 'anonymous' } }, () => 'ok');
    const base = await app.listen({ port: 0, host: '127.0.0.1' });

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
    await app.close();
    await portcullis.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
