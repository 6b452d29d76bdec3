#!/usr/bin/env node
// The example host of `npm run bench:guard` (examples/catalog-fastify, the same `start()`, the same
// environment) with a second integration beside "Demo client": "Bench client (all policies)",
// Custom access to Catalog::products like the demo, under every credential policy at once:
// read-only, an expiry a year ahead, an IP allowlist of the loopback addresses (127.0.0.0/8 also
// covers the IPv4-mapped ::ffff:127.0.0.1) and a rate limit far above any load (1,000,000 per
// second; with REDIS_URL its bucket is in Redis). So signed calls with and without policies run on
// one host, in one round. After the demo's credentials it prints
// `policies integration: {"id", "consumerKey", "consumerSecret", "accessToken", "accessTokenSecret"}`
// (JSON, one line), then `… listening on <url>`.
'use strict';
const { join } = require('node:path');
const { start } = require('../examples/catalog-fastify/server.js');
const { R, optionsFromEnv } = require('../examples/shared/catalog.js');

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** The policy the bench measures: every part switched on, none refusing the bench's GET stream. */
const BENCH_POLICY = {
  readOnly: true,
  expiresAt: new Date(Date.now() + YEAR_MS),
  allowedIps: ['127.0.0.0/8', '::1/128'],
  rateLimit: { limit: 1_000_000, windowSeconds: 1 },
};

async function main() {
  const running = await start(optionsFromEnv(process.env, { port: 3000, dataDir: join(__dirname, '..', 'examples', 'catalog-fastify', 'data') }));
  try {
    const saved = await running.portcullis.integrations.create({
      name: 'Bench client (all policies)',
      email: 'bench@example.com',
      resourceAccess: 'custom',
      resources: [R.products],
      policy: BENCH_POLICY,
      activate: true,
    });
    process.stdout.write(`policies integration: ${JSON.stringify({ id: saved.integration.id, ...saved.activation.credentials })}\n`);
  } catch (error) {
    await running.close();
    throw error;
  }
  process.stdout.write(`Catalog API (Fastify + Portcullis, bench policies) listening on ${running.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void running.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`The bench's policy host did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
