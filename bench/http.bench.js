#!/usr/bin/env node
// HTTP benchmark of the standalone server on its SQLite default. Run with `npm run bench:http`
// (builds first). It measures:
//  1. cold start: `node dist/infrastructure/server/main.js` spawned until GET /health answers,
//     on a fresh data dir (migrations + first admin) and on an existing one (a restart);
//  2. GET /rest/V1/integrations (first page of 20, admin bearer token, 200 integrations stored),
//     with autocannon: requests/s and latency.
// Options (env): BENCH_DURATION seconds (default 10), BENCH_CONNECTIONS (default 10),
// BENCH_STARTS (default 5), BENCH_INTEGRATIONS (default 200).
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const autocannon = require('autocannon');
const { freePort } = require('./support.js');

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 200);
const MAIN = join(__dirname, '..', 'dist', 'infrastructure', 'server', 'main.js');

async function startServer(dataDir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PORTCULLIS_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const ms = performance.now() - started;
  const stop = () =>
    new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { url, ms, stop };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function call(url, method, path, token, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function main() {
  console.log(`Portcullis HTTP benchmark — Node ${process.version}, SQLite`);
  const fresh = [];
  const restart = [];
  for (let i = 0; i < STARTS; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
    const first = await startServer(dataDir);
    fresh.push(first.ms);
    await first.stop();
    const second = await startServer(dataDir);
    restart.push(second.ms);
    await second.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`cold start to first /health answer (median of ${STARTS}):`);
  console.log(`  fresh data dir (migrations + first admin): ${median(fresh).toFixed(0)} ms  [${fresh.map((v) => v.toFixed(0)).join(', ')}]`);
  console.log(`  existing data dir (restart):               ${median(restart).toFixed(0)} ms  [${restart.map((v) => v.toFixed(0)).join(', ')}]`);

  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
  const server = await startServer(dataDir);
  try {
    const password = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
    const token = await call(server.url, 'POST', '/rest/V1/integration/admin/token', null, { username: 'admin', password });
    for (let i = 0; i < INTEGRATIONS; i++) {
      await call(server.url, 'POST', '/rest/V1/integrations', token, {
        name: `Integration ${String(i).padStart(4, '0')}`,
        email: `i${i}@example.com`,
        resourceAccess: 'all',
        currentPassword: password,
      });
    }
    const result = await autocannon({
      url: `${server.url}/rest/V1/integrations`,
      headers: { authorization: `Bearer ${token}` },
      connections: CONNECTIONS,
      duration: DURATION,
    });
    const failures = result.non2xx + result.errors + result.timeouts;
    console.log(`GET /rest/V1/integrations (first page of 20 of ${INTEGRATIONS}), ${CONNECTIONS} connections, ${DURATION} s:`);
    console.log(`  ${result.requests.average.toFixed(0)} req/s average (${result.requests.total} requests, ${failures} failed)`);
    console.log(`  latency p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    if (failures > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
