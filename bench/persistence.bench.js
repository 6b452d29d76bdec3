#!/usr/bin/env node
// Persistence benchmark: create / activate / list throughput on SQLite and MySQL, and list
// latency with 10,000 integrations. Run with `npm run bench:persistence` (builds first).
// Options (env): BENCH_N (creates/activates, default 1000), BENCH_LIST_SIZE (default 10000),
// BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench; dropped and re-created).
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { createPortcullis } = require('../dist/infrastructure/create-portcullis');
const { recreateMysqlDatabase } = require('../dist/infrastructure/tools/migration-tool');

const N = Number(process.env.BENCH_N ?? 1000);
const LIST_SIZE = Number(process.env.BENCH_LIST_SIZE ?? 10000);
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench';
const SECRET_KEY = '5e'.repeat(32);
const ACL = [
  {
    name: 'bench',
    resources: [
      { id: 'Bench_Sales::sales', title: 'Sales', children: [
        { id: 'Bench_Sales::orders', title: 'Orders', children: [{ id: 'Bench_Sales::cancel', title: 'Cancel' }] },
        { id: 'Bench_Sales::invoices', title: 'Invoices' },
      ] },
    ],
  },
];

const rate = (count, ms) => `${((count / ms) * 1000).toFixed(0)} ops/s`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function timed(count, concurrency, op) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await op(next++);
    }),
  );
  return performance.now() - started;
}

async function latency(runs, op) {
  const samples = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await op(i);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return `p50 ${percentile(samples, 50).toFixed(2)} ms, p95 ${percentile(samples, 95).toFixed(2)} ms`;
}

async function run(label, database) {
  const portcullis = await createPortcullis({ database, secretKey: SECRET_KEY, aclResources: ACL });
  const results = [];
  try {
    const input = (i, prefix) => ({
      name: `${prefix} ${String(i).padStart(6, '0')}`,
      email: `i${i}@bench.example`,
      resourceAccess: 'custom',
      resources: ['Bench_Sales::orders'],
      excluded: ['Bench_Sales::cancel'],
    });
    const ids = [];
    let ms = await timed(N, 1, async (i) => ids.push((await portcullis.integrations.create(input(i, 'seq'))).integration.id));
    results.push([`create (1 client)`, rate(N, ms)]);
    ms = await timed(N, 8, (i) => portcullis.integrations.create(input(i, 'par')));
    results.push([`create (8 concurrent)`, rate(N, ms)]);
    ms = await timed(ids.length, 1, (i) => portcullis.integrations.activate({ id: ids[i] }));
    results.push([`activate (1 client)`, rate(ids.length, ms)]);
    ms = await timed(200, 1, (i) => portcullis.integrations.list({ page: 1 + (i % 10), pageSize: 20 }));
    results.push([`list page of 20 (${2 * N} rows)`, rate(200, ms)]);

    const missing = LIST_SIZE - 2 * N;
    if (missing > 0) await timed(missing, 8, (i) => portcullis.integrations.create(input(i, 'fill')));
    const pages = Math.ceil(LIST_SIZE / 20);
    results.push([`list, ${LIST_SIZE} integrations: first page`, await latency(100, () => portcullis.integrations.list({ page: 1, pageSize: 20 }))]);
    results.push([`list, ${LIST_SIZE} integrations: random page`, await latency(100, (i) => portcullis.integrations.list({ page: 1 + ((i * 7919) % pages), pageSize: 20 }))]);
    results.push([`list, ${LIST_SIZE} integrations: last page`, await latency(100, () => portcullis.integrations.list({ page: pages, pageSize: 20 }))]);
    results.push([`list, ${LIST_SIZE} integrations: status=active`, await latency(100, () => portcullis.integrations.list({ status: 'active', pageSize: 20 }))]);
    results.push([`list, ${LIST_SIZE} integrations: name contains`, await latency(100, (i) => portcullis.integrations.list({ name: String(i % 1000).padStart(3, '0'), pageSize: 20 }))]);
  } finally {
    await portcullis.close();
  }
  console.log(`\n${label}`);
  for (const [what, figure] of results) console.log(`  ${what.padEnd(44)} ${figure}`);
}

async function main() {
  console.log(`Portcullis persistence benchmark — N=${N}, list size ${LIST_SIZE}, node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
  try {
    await run('SQLite (better-sqlite3, WAL, file in tmp)', { url: `sqlite:${join(dir, 'bench.sqlite')}` });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    await recreateMysqlDatabase(MYSQL_URL);
  } catch (error) {
    console.log(`\nMySQL: skipped (${MYSQL_URL.replace(/\/\/[^@]*@/, '//***@')} did not answer: ${error.message})`);
    return;
  }
  await run(`MySQL protocol (${MYSQL_URL.replace(/\/\/[^@]*@/, '//***@')})`, { url: MYSQL_URL });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
