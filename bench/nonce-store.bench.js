#!/usr/bin/env node
// Nonce store benchmark: µs per nonce of the guard's nonce insert, the old way (one INSERT per
// nonce through TypeORM's manager, one commit each) against the new (NonceRepository outside a unit
// of work: group commit on the raw driver), on SQLite and MariaDB, with BENCH_CALLERS concurrent
// callers (default 10) each using nonces back to back. Run with `npm run bench:nonce-store`
// (builds first). Options (env): BENCH_N (nonces per round, default 20000), BENCH_ROUNDS (default 3,
// the median is printed), BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench_nonce;
// dropped and re-created; set to '' to skip MariaDB).
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir, loadavg } = require('node:os');
const { join } = require('node:path');
const { createHash, randomBytes } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { openPersistence } = require('../dist/adapters/persistence/persistence');
const { AesGcmSecretCipher } = require('../dist/adapters/crypto/aes-gcm-secret-cipher');
const { Integration } = require('../dist/domain/integration/integration.aggregate');
const { recreateMysqlDatabase } = require('../dist/infrastructure/tools/migration-tool');

const N = Number(process.env.BENCH_N ?? 20000);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench_nonce';

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * µs per nonce for `use` called N times by CALLERS callers, each awaiting its previous call and then
 * a turn of the event loop, as a request arrives in an I/O callback (without it the old path would
 * run entirely in microtasks, which no server does).
 */
async function measure(use) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (next < N) {
        const i = next++;
        await nextTurn();
        if (!(await use(`${i}-${randomBytes(8).toString('hex')}`))) throw new Error('a fresh nonce was refused');
      }
    }),
  );
  return ((performance.now() - started) * 1000) / N;
}

/** The old path: what TypeormNonceRepository.use did before group commit. */
function typeormUse(persistence, integrationId) {
  const sql = 'INSERT INTO oauth_nonce (integration_id, nonce, timestamp) VALUES (?, ?, ?)';
  const timestamp = Math.floor(Date.now() / 1000);
  return async (nonce) => {
    await persistence.dataSource.manager.query(sql, [integrationId, createHash('sha256').update(nonce, 'utf8').digest('hex'), timestamp]);
    return true;
  };
}

async function run(label, url) {
  const persistence = await openPersistence({ url, cipher: new AesGcmSecretCipher(AesGcmSecretCipher.generateKey()) });
  try {
    const integration = Integration.create({
      id: 'bench-nonce',
      name: 'Bench Nonce',
      email: 'bench@example.com',
      setupType: 'manual',
      credentials: [{ kind: 'oauth1', key: 'k'.repeat(32), secret: 's'.repeat(32) }],
      now: new Date(),
    });
    await persistence.integrations.save(integration);
    const timestamp = Math.floor(Date.now() / 1000);
    const old = [];
    const grouped = [];
    for (let round = 0; round < ROUNDS; round++) {
      old.push(await measure(typeormUse(persistence, integration.id)));
      grouped.push(await measure((nonce) => persistence.nonces.use(integration.id, nonce, timestamp)));
    }
    const o = median(old);
    const g = median(grouped);
    return { store: label, callers: CALLERS, 'old µs/nonce': o.toFixed(1), 'group commit µs/nonce': g.toFixed(1), 'old/new': (o / g).toFixed(2), rounds: `${old.map((v) => v.toFixed(0)).join('/')} vs ${grouped.map((v) => v.toFixed(0)).join('/')}` };
  } finally {
    await persistence.close();
  }
}

(async () => {
  console.log(`${N} nonces per round, ${CALLERS} concurrent callers, median of ${ROUNDS} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-nonce-bench-'));
  try {
    results.push(await run('SQLite (WAL)', `sqlite:${join(dir, 'bench.sqlite')}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (MYSQL_URL !== '') {
    await recreateMysqlDatabase(MYSQL_URL);
    results.push(await run('MariaDB', MYSQL_URL));
  }
  console.table(results);
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
