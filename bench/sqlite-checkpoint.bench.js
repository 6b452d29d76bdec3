#!/usr/bin/env node
// Where SQLite's WAL checkpoints run, measured on the nonce insert the guard makes: group commits
// of BENCH_BATCH rows (default 10) into a table shaped like oauth_nonce, WAL, synchronous=NORMAL.
// Options compared:
//   auto      SQLite's default: the commit that takes the WAL past 1000 pages checkpoints it, in
//             that commit (on the request path, blocking the event loop);
//   timer     wal_autocheckpoint=0 and a PASSIVE checkpoint every BENCH_EVERY_MS (default 1000) on
//             a timer of the same thread (between requests, still on the event loop);
//   timer-100 the same every 100 ms;
//   worker    wal_autocheckpoint=0 and a PASSIVE checkpoint every BENCH_EVERY_MS on a second
//             connection in a worker thread (off the event loop).
// Prints µs per row, the slowest commits (what a request waits) and the WAL size at the end.
// Run with `npm run bench:sqlite-checkpoint`. BENCH_ROWS (default 200000).
'use strict';
const { mkdtempSync, rmSync, statSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { Worker } = require('node:worker_threads');
const { createHash, randomUUID } = require('node:crypto');
const Database = require('better-sqlite3');

const ROWS = Number(process.env.BENCH_ROWS ?? 200000);
const BATCH = Number(process.env.BENCH_BATCH ?? 10);
const EVERY_MS = Number(process.env.BENCH_EVERY_MS ?? 1000);

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { timeout: 5000 });
const timer = setInterval(() => db.pragma('wal_checkpoint(PASSIVE)'), workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function run(mode) {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-ckpt-'));
  const file = join(dir, 'bench.sqlite');
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE oauth_nonce (integration_id varchar(36) NOT NULL, nonce varchar(255) NOT NULL, timestamp bigint NOT NULL, PRIMARY KEY (integration_id, nonce))');
  db.exec('CREATE INDEX IDX_oauth_nonce_timestamp ON oauth_nonce (timestamp)');
  let timer;
  let worker;
  if (mode !== 'auto') db.pragma('wal_autocheckpoint = 0');
  const checkpoints = [];
  const checkpoint = () => {
    const t = performance.now();
    db.pragma('wal_checkpoint(PASSIVE)');
    checkpoints.push(performance.now() - t);
  };
  if (mode === 'timer') timer = setInterval(checkpoint, EVERY_MS);
  if (mode === 'timer-100') timer = setInterval(checkpoint, 100);
  if (mode === 'worker') worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, everyMs: EVERY_MS, module: require.resolve('better-sqlite3') } });
  const insert = db.prepare('INSERT OR IGNORE INTO oauth_nonce (integration_id, nonce, timestamp) VALUES (?, ?, ?)');
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const integration = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const commits = [];
  const started = performance.now();
  for (let i = 0; i < ROWS; i += BATCH) {
    const t = performance.now();
    begin.run();
    for (let j = i; j < i + BATCH; j++) insert.run(integration, createHash('sha256').update(`n-${j}`).digest('hex'), now);
    commit.run();
    commits.push(performance.now() - t);
    // Let the timer (or nothing) run between batches, as the event loop does between requests.
    if ((i / BATCH) % 10 === 0) await tick();
  }
  const elapsed = performance.now() - started;
  clearInterval(timer);
  if (worker !== undefined) {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
  }
  const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  commits.sort((a, b) => a - b);
  return {
    mode,
    usPerRow: ((elapsed * 1000) / ROWS).toFixed(1),
    commitP50ms: percentile(commits, 50).toFixed(3),
    commitP99ms: percentile(commits, 99).toFixed(3),
    commitP999ms: percentile(commits, 99.9).toFixed(3),
    commitMaxMs: commits[commits.length - 1].toFixed(2),
    walMB: (wal / 1e6).toFixed(1),
    checkpoints: checkpoints.length,
    checkpointMaxMs: checkpoints.length === 0 ? '-' : Math.max(...checkpoints).toFixed(1),
  };
}

(async () => {
  console.log(`${ROWS} rows in commits of ${BATCH}, checkpoint every ${EVERY_MS} ms (timer, worker); load ${require('node:os').loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const results = [];
  for (const round of [1, 2]) for (const mode of (process.env.BENCH_MODES ?? 'auto,timer,timer-100,worker').split(',')) results.push({ round, ...(await run(mode)) });
  console.table(results);
})();
