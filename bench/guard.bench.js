#!/usr/bin/env node
// Benchmark of the guard, run with `npm run bench:guard` (builds first). For each nonce store —
// SQLite, MariaDB, and Redis (the example host on SQLite with REDIS_URL, so nonces go to Redis) —
// it starts, each in a process of its own, the example host (examples/catalog-fastify, Portcullis
// embedded) and the floor (bench/floor-server.js: a minimal Fastify server with no Portcullis code
// doing only the signature check and the nonce insert on the same store, the fastest way we know),
// then measures with autocannon, on one machine, in rounds:
//   plain bare      GET /public/products  on the floor server: the listing, no check (plain Fastify)
//   Portcullis bare GET /public/products  on the host: the listing on an anonymous route
//   bearer          GET /rest/V1/products on the host, the integration's access token as Bearer
//   floor signed    GET /rest/V1/products on the floor: every request signed (see below)
//   Portcullis signed  GET /rest/V1/products on the host, guarded, the same signed stream
//   policies signed    (SQLite and Redis only) the same signed stream on the same host, signed for
//                      a second integration under every credential policy at once (read-only, an
//                      expiry, an IP allowlist of the loopback, a rate limit far above the load):
//                      the host is bench/policy-host.js, the example plus that integration. On the
//                      Redis host the rate limit's bucket is in Redis: "policies signed (Redis rate
//                      limit)". The two signed runs alternate in order from round to round.
// Bearer runs beside bare, before the signed runs: a signed run leaves work behind it (SQLite's
// write-ahead log checkpointed, InnoDB purging tens of thousands of nonce rows) that would slow
// whatever runs next on this machine, and bearer is compared with bare.
// BENCH_BASELINE=<directory of another checkout> (built or buildable, with its node_modules) also
// starts that checkout's example host on each store and measures it beside this one in every round
// (baseline bare, baseline bearer, baseline signed; the two signed runs in alternating order), then
// prints this checkout's figures over the baseline's: a change measured against the code before it
// in one run, e.g. `git worktree add /tmp/before <commit>` (issue 20: the guard's usage counting
// may cost at most 3 %). The baseline runs the example itself, without the policies integration (a
// checkout before issue 21 has no policies): it has no policies run.
// Signed requests are signed by the oauth-1.0a library with a unique nonce (HMAC-SHA256) with the
// demo integration's credentials, which the floor gets too. It prints req/s, p50/p99 latency per
// run, then the median of the rounds and the ratios of issue 19 (median of the per-round ratios,
// each taken from runs minutes apart at most; policies signed / Portcullis signed: issue 21, target
// ≥ 0.9 on SQLite), and the load average at start and end. Then a
// micro-benchmark of Grant.isAllowed on the merged Magento ACL fixture (test/fixtures/magento-acl).
// Options (env): BENCH_DURATION seconds per run (default 10), BENCH_ROUNDS (default 3),
// BENCH_CONNECTIONS (default 10), BENCH_STORES (default sqlite,mariadb,redis),
// BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench_guard),
// BENCH_FLOOR_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench_floor),
// BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_SKIP_MYSQL=1, BENCH_SKIP_REDIS=1.
// BENCH_NONCE_GROWTH=<seconds> (`npm run bench:nonce-growth`: 60) measures only how the SQLite
// host's nonce table and file grow under signed calls at full speed for that long.
'use strict';
const { spawn } = require('node:child_process');
const { createHmac, randomBytes } = require('node:crypto');
const { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, statSync } = require('node:fs');
const { loadavg, tmpdir } = require('node:os');
const { join } = require('node:path');
const autocannon = require('autocannon');
const { freePort } = require('./support.js');
const OAuth = require('oauth-1.0a');

const ROOT = join(__dirname, '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench_guard';
const FLOOR_MYSQL_URL = process.env.BENCH_FLOOR_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench_floor';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASELINE = process.env.BENCH_BASELINE === undefined || process.env.BENCH_BASELINE === '' ? null : process.env.BENCH_BASELINE;
/** The stores whose host is measured with the policies integration too. */
const POLICY_STORES = new Set(['sqlite', 'redis']);

/** Spawns a server script; resolves with its output so far once it says it is listening. */
async function spawnServer(script, env, what) {
  const child = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const state = { output: '' };
  child.stdout.on('data', (chunk) => (state.output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!/listening on/.test(state.output)) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${state.output}`);
    if (Date.now() > deadline) throw new Error(`${what} did not start within 60 s:\n${state.output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { child, state, stop };
}

/**
 * Starts the example host of the checkout at `root` for a store (Redis: SQLite for everything,
 * REDIS_URL for nonces and rate limits), on MariaDB in the database `mysqlUrl` names; resolves with
 * its URL, the demo integration's credentials and stop(). This checkout's host is
 * bench/policy-host.js, and resolves with the policies integration's credentials too
 * (`policyCredentials`; null for a baseline).
 */
async function startHost(store, root = ROOT, mysqlUrl = MYSQL_URL) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-guard-'));
  const mariadb = store === 'mariadb';
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PORTCULLIS_DATA_DIR: dataDir,
    PUBLIC_BASE_URL: url,
    ALLOW_INTEGRATION_BEARER: '1',
    DEMO_INTEGRATION: '1',
    DATABASE_URL: mariadb ? mysqlUrl : '',
    PORTCULLIS_SECRET_KEY: mariadb ? randomBytes(32).toString('hex') : '',
    REDIS_URL: store === 'redis' ? REDIS_URL : '',
  };
  if (mariadb) {
    const { recreateMysqlDatabase } = require(join(root, 'dist', 'infrastructure', 'tools', 'migration-tool.js'));
    await recreateMysqlDatabase(mysqlUrl);
  }
  const what = root === ROOT ? `the example host (${store})` : `the baseline's example host (${store}, ${root})`;
  const script = root === ROOT ? join(__dirname, 'policy-host.js') : join(root, 'examples', 'catalog-fastify', 'server.js');
  const server = await spawnServer(script, env, what);
  const output = server.state.output;
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
  const policies = /^policies integration: (.*)$/m.exec(output);
  if (root === ROOT && policies === null) throw new Error(`no policies integration in the host's output:\n${output}`);
  const policyCredentials = policies === null ? null : JSON.parse(policies[1]);
  /** Nonce rows in the host's SQLite file (null on MariaDB): tells where the Redis case's nonces went. */
  const sqliteNonces = () => {
    if (mariadb) return null;
    const Database = require('better-sqlite3');
    const db = new Database(join(dataDir, 'portcullis.sqlite'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT COUNT(*) AS n FROM oauth_nonce').get().n;
    } finally {
      db.close();
    }
  };
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  /** Bytes of the host's SQLite file and its write-ahead log (null on MariaDB). */
  const sqliteBytes = () => {
    if (mariadb) return null;
    const size = (suffix) => (existsSync(join(dataDir, `portcullis.sqlite${suffix}`)) ? statSync(join(dataDir, `portcullis.sqlite${suffix}`)).size : 0);
    return { file: size(''), wal: size('-wal') };
  };
  return { url, credentials, policyCredentials, sqliteNonces, sqliteBytes, stop };
}

/**
 * One signed call of the policies integration, which must be allowed and carry its rate limit's
 * headers: the policies are in force, and none refuses the bench's stream (its address, GET).
 */
async function checkPolicies(host) {
  const signer = signerOf(host.policyCredentials);
  const url = `${host.url}/rest/V1/products`;
  const response = await fetch(url, { headers: { authorization: signer.header(url) } });
  const policy = response.headers.get('ratelimit-policy');
  if (response.status !== 200 || policy !== '"default";q=1000000;w=1') {
    throw new Error(`the policies integration's signed call answered ${response.status} with ratelimit-policy ${policy}: ${await response.text()}`);
  }
}

/** Starts the floor server on a store with the demo integration's credentials. */
async function startFloor(store, credentials) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-floor-'));
  const env = {
    ...process.env,
    PORT: String(port),
    FLOOR_STORE: store,
    FLOOR_BASE_URL: url,
    FLOOR_CONSUMER_KEY: credentials.consumerKey,
    FLOOR_CONSUMER_SECRET: credentials.consumerSecret,
    FLOOR_ACCESS_TOKEN: credentials.accessToken,
    FLOOR_ACCESS_TOKEN_SECRET: credentials.accessTokenSecret,
    FLOOR_SQLITE_FILE: join(dataDir, 'floor.sqlite'),
    FLOOR_MYSQL_URL,
    FLOOR_REDIS_URL: REDIS_URL,
    FLOOR_REDIS_PREFIX: `portcullis-bench-floor:${process.pid}:`,
  };
  const server = await spawnServer(join(__dirname, 'floor-server.js'), env, `the floor server (${store})`);
  const stop = async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

function run(title, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: DURATION, ...options }, (error, result) => {
      if (error) reject(error);
      else resolve({ title, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors, total: result.requests.total });
    });
  });
}

/** Requests to url + path, each freshly signed (timestamp, unique nonce) by a real client library. */
function signedRun(title, url, credentials) {
  return signedRunFor(title, url, credentials, DURATION);
}

/** Signs GET requests with the integration's credentials (oauth-1.0a, HMAC-SHA256, a fresh nonce each). */
function signerOf(credentials) {
  const oauth = new OAuth({
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  const token = { key: credentials.accessToken, secret: credentials.accessTokenSecret };
  return { header: (url) => oauth.toHeader(oauth.authorize({ url, method: 'GET' }, token)).Authorization };
}

function signedRunFor(title, url, credentials, duration) {
  const signer = signerOf(credentials);
  const path = '/rest/V1/products';
  return run(title, {
    duration,
    url: `${url}${path}`,
    requests: [
      {
        method: 'GET',
        path,
        setupRequest: (request) => {
          request.headers = { ...request.headers, authorization: signer.header(`${url}${path}`) };
          return request;
        },
      },
    ],
  });
}

const bearerRun = (title, host) => run(title, { url: `${host.url}/rest/V1/products`, headers: { authorization: `Bearer ${host.credentials.accessToken}` } });

/**
 * One round on one store: the bare and bearer runs, then the signed ones (see the top of the file
 * for why in this order); with a baseline, its runs beside this checkout's, the signed ones in
 * alternating order from round to round; on the stores of POLICY_STORES, the policies run too, on
 * the other side of the Portcullis signed run from the baseline's.
 */
async function measureRound(store, host, floor, baseline, roundNumber) {
  const policies = POLICY_STORES.has(store);
  const policyTitle = store === 'redis' ? 'policies signed (Redis rate limit)' : 'policies signed';
  const measured = {};
  measured.plainBare = await run('plain bare', { url: `${floor.url}/public/products` });
  measured.bare = await run('Portcullis bare', { url: `${host.url}/public/products` });
  if (baseline !== undefined) measured.baselineBare = await run('baseline bare', { url: `${baseline.url}/public/products` });
  measured.bearer = await bearerRun('bearer', host);
  if (baseline !== undefined) measured.baselineBearer = await bearerRun('baseline bearer', baseline);
  measured.floorSigned = await signedRun('floor signed', floor.url, host.credentials);
  if (baseline !== undefined && roundNumber % 2 === 1) measured.baselineSigned = await signedRun('baseline signed', baseline.url, baseline.credentials);
  if (policies && roundNumber % 2 === 0) measured.policySigned = await signedRun(policyTitle, host.url, host.policyCredentials);
  measured.signed = await signedRun('Portcullis signed', host.url, host.credentials);
  if (policies && roundNumber % 2 === 1) measured.policySigned = await signedRun(policyTitle, host.url, host.policyCredentials);
  if (baseline !== undefined && roundNumber % 2 === 0) measured.baselineSigned = await signedRun('baseline signed', baseline.url, baseline.credentials);
  return measured;
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

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const load = () => loadavg().map((value) => value.toFixed(2)).join(' ');

function line(result) {
  const failures = result.non2xx + result.errors > 0 ? `  (non-2xx ${result.non2xx}, errors ${result.errors})` : '';
  return `    ${result.title.padEnd(34)} ${Math.round(result.rps).toString().padStart(7)} req/s  p50 ${String(result.p50).padStart(3)} ms  p99 ${String(result.p99).padStart(3)} ms${failures}`;
}

/** The ratios issues 19 and 21 set targets for, of one round on `store`. */
function ratiosOf(round, store) {
  return {
    'Portcullis signed / floor signed': { value: round.signed.rps / round.floorSigned.rps, target: 0.9 },
    'Portcullis bare / plain bare': { value: round.bare.rps / round.plainBare.rps, target: 0.9 },
    'bearer / Portcullis bare': { value: round.bearer.rps / round.bare.rps, target: 0.9 },
    'Portcullis signed / Portcullis bare': { value: round.signed.rps / round.bare.rps, target: undefined },
    // The target is SQLite's; on Redis, the rate limit adds a round trip to Redis per call.
    ...(round.policySigned === undefined
      ? {}
      : { [`${round.policySigned.title} / Portcullis signed`]: { value: round.policySigned.rps / round.signed.rps, target: store === 'sqlite' ? 0.9 : undefined } }),
    ...(round.baselineSigned === undefined
      ? {}
      : {
          'Portcullis bare / baseline bare': { value: round.bare.rps / round.baselineBare.rps, target: 0.97 },
          'bearer / baseline bearer': { value: round.bearer.rps / round.baselineBearer.rps, target: 0.97 },
          'Portcullis signed / baseline signed': { value: round.signed.rps / round.baselineSigned.rps, target: 0.97 },
        }),
  };
}

const LABELS = {
  sqlite: 'SQLite',
  mariadb: 'MariaDB',
  redis: 'Redis (host: SQLite + REDIS_URL)',
};

/**
 * BENCH_NONCE_GROWTH=<seconds>: signed calls at full speed for that long on the SQLite host, then
 * the nonce rows stored and the file sizes (issue 19 point 6: a stored nonce costs bytes, and the
 * table must hold about rate × window rows).
 */
async function nonceGrowth(seconds) {
  console.log(`nonce growth: ${CONNECTIONS} connections, ${seconds} s of signed calls on the SQLite host, node ${process.version}`);
  console.log(`load average at start (1, 5, 15 min): ${load()}`);
  const host = await startHost('sqlite');
  try {
    const before = host.sqliteBytes();
    const signed = await signedRunFor('Portcullis signed', host.url, host.credentials, seconds);
    const rows = host.sqliteNonces();
    const after = host.sqliteBytes();
    const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
    console.log(line(signed));
    console.log(`  requests answered 200: ${signed.total - signed.non2xx}; nonce rows stored: ${rows}`);
    console.log(`  SQLite file ${mb(before.file)} -> ${mb(after.file)}, write-ahead log ${mb(before.wal)} -> ${mb(after.wal)}`);
    console.log(`  file growth per stored nonce: ${rows > 0 ? Math.round((after.file + after.wal - before.file - before.wal) / rows) : 0} bytes (file + log)`);
  } finally {
    await host.stop();
  }
  console.log(`load average at end (1, 5, 15 min): ${load()}`);
}

async function main() {
  require('../scripts/ensure-built.js').ensureBuilt();
  if (process.env.BENCH_NONCE_GROWTH !== undefined) return nonceGrowth(Number(process.env.BENCH_NONCE_GROWTH));
  let stores = (process.env.BENCH_STORES ?? 'sqlite,mariadb,redis').split(',').map((store) => store.trim()).filter((store) => store !== '');
  if (process.env.BENCH_SKIP_MYSQL === '1') stores = stores.filter((store) => store !== 'mariadb');
  if (process.env.BENCH_SKIP_REDIS === '1') stores = stores.filter((store) => store !== 'redis');
  for (const store of stores) if (!(store in LABELS)) throw new Error(`unknown store ${store} in BENCH_STORES`);
  if (BASELINE !== null) {
    if (!existsSync(join(BASELINE, 'examples', 'catalog-fastify', 'server.js'))) throw new Error(`BENCH_BASELINE=${BASELINE} is not a Portcullis checkout (no examples/catalog-fastify/server.js)`);
    require(join(BASELINE, 'scripts', 'ensure-built.js')).ensureBuilt();
  }
  console.log(`guard benchmark: ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds, stores ${stores.join(', ')}, node ${process.version}`);
  if (BASELINE !== null) console.log(`baseline: the example host of ${BASELINE}, measured beside this checkout's`);
  console.log(`load average at start (1, 5, 15 min): ${load()}`);

  const servers = new Map();
  try {
    for (const store of stores) {
      const host = await startHost(store);
      servers.set(store, { host });
      const floor = await startFloor(store, host.credentials);
      servers.get(store).floor = floor;
      if (BASELINE !== null) {
        const baseline = await startHost(store, BASELINE, `${MYSQL_URL}_baseline`);
        servers.get(store).baseline = baseline;
        await run('warm-up', { url: `${baseline.url}/public/products`, duration: 1 });
        await bearerRun('warm-up', baseline);
      }
      // Warm-up: the first requests open the databases and fill the guard's cache.
      await run('warm-up', { url: `${host.url}/public/products`, duration: 1 });
      await run('warm-up', { url: `${host.url}/rest/V1/products`, duration: 1, headers: { authorization: `Bearer ${host.credentials.accessToken}` } });
      await run('warm-up', { url: `${floor.url}/public/products`, duration: 1 });
      if (POLICY_STORES.has(store)) await checkPolicies(host);
    }
    const results = new Map(stores.map((store) => [store, []]));
    for (let round = 1; round <= ROUNDS; round += 1) {
      console.log(`round ${round} of ${ROUNDS} (load average ${load()}):`);
      for (const store of stores) {
        const { host, floor, baseline } = servers.get(store);
        const measured = await measureRound(store, host, floor, baseline, round);
        results.get(store).push(measured);
        console.log(`  ${LABELS[store]}:`);
        for (const result of Object.values(measured)) console.log(line(result));
      }
    }

    console.log(`\nmedians of ${ROUNDS} rounds (req/s; ratios: median of the per-round ratios):`);
    const redisSignedOverBare = [];
    for (const store of stores) {
      const rounds = results.get(store);
      const { host } = servers.get(store);
      console.log(`  ${LABELS[store]}:`);
      for (const key of Object.keys(rounds[0])) {
        console.log(`    ${rounds[0][key].title.padEnd(34)} ${Math.round(median(rounds.map((round) => round[key].rps))).toString().padStart(7)} req/s   (rounds: ${rounds.map((round) => Math.round(round[key].rps)).join(', ')})`);
      }
      const ratios = rounds.map((round) => ratiosOf(round, store));
      for (const name of Object.keys(ratios[0])) {
        const value = median(ratios.map((ratio) => ratio[name].value));
        const { target } = ratios[0][name];
        const verdict = target === undefined ? '' : `  target ≥ ${target}: ${value >= target ? 'met' : 'NOT met'}`;
        console.log(`    ${name.padEnd(55)} ${value.toFixed(2)}${verdict}   (rounds: ${ratios.map((ratio) => ratio[name].value.toFixed(2)).join(', ')})`);
        if (store === 'redis' && name === 'Portcullis signed / Portcullis bare') redisSignedOverBare.push(value);
      }
      if (store === 'redis') {
        const rows = host.sqliteNonces();
        console.log(
          rows === 0
            ? '    the host stored no nonce in its SQLite file: its nonces went to Redis'
            : `    NOTE: the host stored ${rows} nonces in its SQLite file: it ignored REDIS_URL, so these "Redis" figures are SQLite nonces`,
        );
      }
    }
    if (redisSignedOverBare.length > 0) {
      const value = redisSignedOverBare[0];
      console.log(`  signed / bare with the Redis nonce store: ${value.toFixed(2)}  target ≥ 0.3: ${value >= 0.3 ? 'met' : 'NOT met'}`);
    }
  } finally {
    for (const { host, floor, baseline } of servers.values()) {
      if (baseline !== undefined) await baseline.stop();
      if (floor !== undefined) await floor.stop();
      await host.stop();
    }
  }
  console.log(`load average at end (1, 5, 15 min): ${load()}`);
  const micro = isAllowedBenchmark();
  console.log(`isAllowed on the merged Magento ACL (${micro.resources} resources): ${(micro.perSecond / 1e6).toFixed(1)} million checks/s (allowed: ${(micro.allowedShare * 100).toFixed(0)}%)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
