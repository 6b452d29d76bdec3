#!/usr/bin/env node
// Benchmark of the guard, run with `npm run bench:guard` (builds first). For SQLite and for
// MariaDB it starts the example host (examples/catalog-fastify, Portcullis embedded) in a process
// of its own and measures with autocannon, on one machine:
//   bare    GET /public/products      the listing on an anonymous route (no credentials checked)
//   oauth   GET /rest/V1/products     the same listing, guarded, every request signed by the
//                                     oauth-1.0a library with a unique nonce (HMAC-SHA256)
//   bearer  GET /rest/V1/products     guarded, the integration's access token as Bearer
// and prints req/s, p50/p99 latency and guarded/bare. Then a micro-benchmark of Grant.isAllowed
// on the merged Magento ACL fixture (test/fixtures/magento-acl).
// Options (env): BENCH_DURATION seconds per run (default 10), BENCH_CONNECTIONS (default 10),
// BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench_guard), BENCH_SKIP_MYSQL=1.
'use strict';
const { spawn } = require('node:child_process');
const { createHmac, randomBytes } = require('node:crypto');
const { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { freePort } = require('./support.js');
const OAuth = require('oauth-1.0a');

const ROOT = join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench_guard';

/** Starts the example host; resolves with its URL, the demo integration's credentials and stop(). */
async function startHost(backend) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-guard-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PORTCULLIS_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: url,
    ALLOW_INTEGRATION_BEARER: '1',
    DEMO_INTEGRATION: '1',
    DATABASE_URL: backend === 'mariadb' ? MYSQL_URL : '',
    PORTCULLIS_SECRET_KEY: backend === 'mariadb' ? randomBytes(32).toString('hex') : '',
  };
  if (backend === 'mariadb') {
    const { recreateMysqlDatabase } = require('../dist/infrastructure/tools/migration-tool.js');
    await recreateMysqlDatabase(MYSQL_URL);
  }
  const child = spawn(process.execPath, [join(ROOT, 'examples', 'catalog-fastify', 'server.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(output)) {
    if (child.exitCode !== null) throw new Error(`the example host exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the example host did not start within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const field = (label) => {
    const match = new RegExp(`${label}:\\s+([0-9a-z]{32})`).exec(output);
    if (match === null) throw new Error(`no ${label} in the example's output:\n${output}`);
    return match[1];
  };
  const credentials = {
    consumerKey: field('consumer key'),
    consumerSecret: field('consumer secret'),
    accessToken: field('access token'),
    accessTokenSecret: field('access token secret'),
  };
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve();
      });
      child.kill('SIGTERM');
    });
  return { url, credentials, stop };
}

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error) reject(error);
      else resolve({ title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total });
    });
  });
}

async function measure(backend) {
  const host = await startHost(backend);
  try {
    const { credentials, url } = host;
    const signer = new OAuth({
      consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
      signature_method: 'HMAC-SHA256',
      hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
    });
    const token = { key: credentials.accessToken, secret: credentials.accessTokenSecret };
    // Warm-up: the first requests open the database and fill the guard's cache.
    await run('warm-up', { url: `${url}/public/products`, duration: 1 });
    const bare = await run('bare', { url: `${url}/public/products` });
    const oauth = await run('oauth', {
      url: `${url}/rest/V1/products`,
      requests: [
        {
          method: 'GET',
          path: '/rest/V1/products',
          // A fresh signature (timestamp, unique nonce) for every request, by a real client library.
          setupRequest: (request) => {
            const header = signer.toHeader(signer.authorize({ url: `${url}/rest/V1/products`, method: 'GET' }, token));
            request.headers = { ...request.headers, authorization: header.Authorization };
            return request;
          },
        },
      ],
    });
    const bearer = await run('bearer', { url: `${url}/rest/V1/products`, headers: { authorization: `Bearer ${credentials.accessToken}` } });
    return { backend, bare, oauth, bearer };
  } finally {
    await host.stop();
  }
}

function isAllowedBenchmark() {
  const { AclResourceTree, Grant } = require('../dist/index.js');
  const { readMagentoAclXml } = require('../dist/adapters/config-files/magento-acl-xml.reader.js');
  const dir = join(ROOT, 'test', 'fixtures', 'magento-acl');
  const sources = readdirSync(dir)
    .filter((module) => existsSync(join(dir, module, 'etc', 'acl.xml')))
    .map((module) => readMagentoAclXml(readFileSync(join(dir, module, 'etc', 'acl.xml'), 'utf8'), module));
  const tree = AclResourceTree.build(sources);
  const ids = [...tree.ids()];
  const grant = Grant.custom(['Magento_Sales::sales', 'Magento_Customer::manage', 'Magento_Catalog::products'], ['Magento_Sales::cancel']);
  let checks = 0;
  let allowed = 0;
  const started = process.hrtime.bigint();
  const until = Date.now() + 2000;
  while (Date.now() < until) {
    for (let i = 0; i < ids.length; i += 1) {
      if (grant.isAllowed(ids[i], tree)) allowed += 1;
      checks += 1;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { resources: ids.length, perSecond: checks / seconds, allowedShare: allowed / checks };
}

function line(result, bare) {
  const ratio = bare === undefined ? '' : `  guarded/bare ${(result.rps / bare.rps).toFixed(2)}`;
  const failures = result.non2xx + result.errors > 0 ? `  (non-2xx ${result.non2xx}, errors ${result.errors})` : '';
  return `  ${result.title.padEnd(7)} ${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${String(result.p50).padStart(3)} ms  p99 ${String(result.p99).padStart(3)} ms${ratio}${failures}`;
}

async function main() {
  require('../scripts/ensure-built.js').ensureBuilt();
  console.log(`guard benchmark: ${CONNECTIONS} connections, ${DURATION} s per run, node ${process.version}`);
  const backends = process.env.BENCH_SKIP_MYSQL === '1' ? ['sqlite'] : ['sqlite', 'mariadb'];
  for (const backend of backends) {
    const { bare, oauth, bearer } = await measure(backend);
    console.log(`${backend}:`);
    console.log(line(bare));
    console.log(line(oauth, bare));
    console.log(line(bearer, bare));
  }
  const micro = isAllowedBenchmark();
  console.log(`isAllowed on the merged Magento ACL (${micro.resources} resources): ${(micro.perSecond / 1e6).toFixed(1)} million checks/s (allowed: ${(micro.allowedShare * 100).toFixed(0)}%)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
