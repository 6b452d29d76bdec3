#!/usr/bin/env node
// Config sync benchmark: N integrations declared in Magento etc/integration.xml files (10 per
// module) against the merged Magento ACL tree of test/fixtures/magento-acl, synced into a fresh
// SQLite database: read + first sync (all created), an unchanged re-sync, a sync where every
// declaration widens its access (all reset), and a dry run. Run with `npm run bench:config-sync`
// (builds first). Options (env): BENCH_N (integrations, default 1000), BENCH_MYSQL=1 to also run
// on BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench; dropped and re-created).
'use strict';
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { loadAclSources, loadIntegrationDeclarations } = require('../dist/adapters/config-files/config-file-set');
const { createPortcullis } = require('../dist/infrastructure/create-portcullis');
const { recreateMysqlDatabase } = require('../dist/infrastructure/tools/migration-tool');

const N = Number(process.env.BENCH_N ?? 1000);
const PER_MODULE = 10;
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench';
const SECRET_KEY = '5e'.repeat(32);
const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const BASE = ['Magento_Customer::manage', 'Magento_Sales::capture', 'Magento_Catalog::products'];
const WIDER = [...BASE, 'Magento_Sales::cancel'];

function writeDeclarations(root, resources) {
  for (let module = 0; module < Math.ceil(N / PER_MODULE); module += 1) {
    const dir = join(root, 'app', 'code', `Vendor_Module${module}`, 'etc');
    mkdirSync(dir, { recursive: true });
    const integrations = [];
    for (let i = module * PER_MODULE; i < Math.min(N, (module + 1) * PER_MODULE); i += 1) {
      integrations.push(`    <integration name="Bench Integration ${String(i).padStart(5, '0')}">
        <email>bench${i}@vendor.example</email>
        <resources>
${resources.map((id) => `            <resource name="${id}"/>`).join('\n')}
        </resources>
    </integration>`);
    }
    writeFileSync(join(dir, 'integration.xml'), `<?xml version="1.0"?>\n<config>\n${integrations.join('\n')}\n</config>\n`);
  }
}

async function run(label, database, root) {
  const { sources } = loadAclSources([join(FIXTURES, 'magento-acl', '*', 'etc', 'acl.xml')], root);
  const portcullis = await createPortcullis({ database, dataDir: root, secretKey: SECRET_KEY, aclResources: sources });
  const pattern = ['app/code/*/etc/integration.xml'];
  const step = async (name, options, check) => {
    const started = performance.now();
    const { parts, files } = loadIntegrationDeclarations(pattern, root);
    const read = performance.now();
    const summary = await portcullis.config.sync({ declarations: parts, ...options });
    const done = performance.now();
    check(summary);
    console.log(
      `${label.padEnd(8)} ${name.padEnd(26)} ${(done - started).toFixed(0).padStart(6)} ms  (read ${files.length} files ${(read - started).toFixed(0)} ms, sync ${(done - read).toFixed(0)} ms)`,
    );
  };
  const expect = (key, count) => (summary) => {
    const value = summary[key];
    if (value.length !== count) throw new Error(`expected ${count} ${key}, got ${value.length}`);
  };
  try {
    writeDeclarations(root, BASE);
    await step(`first sync (${N} created)`, {}, expect('created', N));
    await step(`re-sync (${N} unchanged)`, {}, expect('unchanged', N));
    writeDeclarations(root, WIDER);
    await step(`dry run (${N} to reset)`, { dryRun: true }, expect('reset', N));
    await step(`widened (${N} reset)`, {}, expect('reset', N));
  } finally {
    await portcullis.close();
  }
}

async function main() {
  console.log(`Config sync of ${N} integrations declared in ${Math.ceil(N / PER_MODULE)} integration.xml files (node ${process.version})`);
  const sqliteRoot = mkdtempSync(join(tmpdir(), 'portcullis-bench-sync-'));
  try {
    await run('SQLite', { url: `sqlite:${join(sqliteRoot, 'bench.sqlite')}` }, sqliteRoot);
  } finally {
    rmSync(sqliteRoot, { recursive: true, force: true });
  }
  if (process.env.BENCH_MYSQL === '1') {
    const mysqlRoot = mkdtempSync(join(tmpdir(), 'portcullis-bench-sync-'));
    try {
      await recreateMysqlDatabase(MYSQL_URL);
      await run('MariaDB', { url: MYSQL_URL }, mysqlRoot);
    } finally {
      rmSync(mysqlRoot, { recursive: true, force: true });
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
