#!/usr/bin/env node
// Config sync benchmark. Run with `npm run bench:config-sync` (builds first). Sections (BENCH_SECTIONS,
// comma-separated; default all):
//   sync     N integrations declared in Magento etc/integration.xml files (10 per module) against the
//            merged Magento ACL tree of test/fixtures/magento-acl, synced into a fresh SQLite database:
//            read + first sync (all created), an unchanged re-sync, a dry run where every declaration
//            widens its access, and the sync that resets them all (BENCH_N, default 1000)
//   lists    one integration listing 1k .. 40k resources of a JSON tree of as many, both files written
//            on one line (as generated files are): read, tree, check; lists over 5,000 are refused
//   unknown  10 integrations listing 1,000 resources each that no ACL file defines (10k problems)
//   xml      acl.xml files of 10k and 20k resources (one line, and one resource per line): read, merge
//            into the tree and open Portcullis on it, as the server does at start
//   dry      a dry run of BENCH_DRY_N integrations (default 20000; 100 per integration.xml) against an
//            empty database, with the Magento tree and with a 20k-resource tree: read, check, plan
// Every figure is the time of one run (the figures are large enough not to need averaging).
// BENCH_MYSQL=1 also runs `sync` on BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306/portcullis_bench;
// dropped and re-created).
'use strict';
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { performance } = require('node:perf_hooks');
const { loadAclSources, loadIntegrationDeclarations } = require('../dist/adapters/config-files/config-file-set');
const { createPortcullis } = require('../dist/infrastructure/create-portcullis');
const { recreateMysqlDatabase } = require('../dist/infrastructure/tools/migration-tool');

const N = Number(process.env.BENCH_N ?? 1000);
const DRY_N = Number(process.env.BENCH_DRY_N ?? 20000);
const SECTIONS = (process.env.BENCH_SECTIONS ?? 'sync,lists,unknown,xml,dry').split(',').map((section) => section.trim());
const PER_MODULE = 10;
const MYSQL_URL = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/portcullis_bench';
const SECRET_KEY = '5e'.repeat(32);
const FIXTURES = join(__dirname, '..', 'test', 'fixtures');
const MAGENTO_ACL = join(FIXTURES, 'magento-acl', '*', 'etc', 'acl.xml');
const BASE = ['Magento_Customer::manage', 'Magento_Sales::capture', 'Magento_Catalog::products'];
const WIDER = [...BASE, 'Magento_Sales::cancel'];

const ms = (from, to = performance.now()) => `${(to - from).toFixed(0).padStart(6)} ms`;
/** Runs `work`, returning what it returns or the error it throws (a refusal is a result here). */
function outcome(work) {
  try {
    return { value: work() };
  } catch (error) {
    return { error };
  }
}
async function outcomeOf(work) {
  try {
    return { value: await work() };
  } catch (error) {
    return { error };
  }
}
const refusal = (result) =>
  result.error === undefined ? 'accepted' : `refused: ${String(result.error.problems?.[0]?.message ?? result.error.message).slice(0, 100)}`;

function integrationXml(integrations) {
  return `<?xml version="1.0"?>\n<config>\n${integrations
    .map(
      ({ name, email, resources }) => `    <integration name="${name}">
        <email>${email}</email>
        <resources>
${resources.map((id) => `            <resource name="${id}"/>`).join('\n')}
        </resources>
    </integration>`,
    )
    .join('\n')}\n</config>\n`;
}

function writeDeclarations(root, count, perModule, resources) {
  for (let module = 0; module < Math.ceil(count / perModule); module += 1) {
    const dir = join(root, 'app', 'code', `Vendor_Module${module}`, 'etc');
    mkdirSync(dir, { recursive: true });
    const integrations = [];
    for (let i = module * perModule; i < Math.min(count, (module + 1) * perModule); i += 1) {
      integrations.push({ name: `Bench Integration ${String(i).padStart(6, '0')}`, email: `bench${i}@vendor.example`, resources });
    }
    writeFileSync(join(dir, 'integration.xml'), integrationXml(integrations));
  }
}

async function syncSection(label, database, root) {
  const { sources } = loadAclSources([MAGENTO_ACL], root);
  const portcullis = await createPortcullis({ database, dataDir: root, secretKey: SECRET_KEY, aclResources: sources });
  const pattern = ['app/code/*/etc/integration.xml'];
  const step = async (name, options, check) => {
    const started = performance.now();
    const { parts, files } = loadIntegrationDeclarations(pattern, root);
    const read = performance.now();
    const summary = await portcullis.config.sync({ declarations: parts, ...options });
    const done = performance.now();
    check(summary);
    console.log(`${label.padEnd(8)} ${name.padEnd(32)} ${ms(started, done)}  (read ${files.length} files ${ms(started, read).trim()}, sync ${ms(read, done).trim()})`);
  };
  const expect = (key, count) => (summary) => {
    const value = summary[key];
    if (value.length !== count) throw new Error(`expected ${count} ${key}, got ${value.length}`);
  };
  try {
    writeDeclarations(root, N, PER_MODULE, BASE);
    await step(`first sync (${N} created)`, {}, expect('created', N));
    await step(`re-sync (${N} unchanged)`, {}, expect('unchanged', N));
    writeDeclarations(root, N, PER_MODULE, WIDER);
    await step(`dry run (${N} to reset)`, { dryRun: true }, expect('reset', N));
    await step(`widened (${N} reset)`, {}, expect('reset', N));
  } finally {
    await portcullis.close();
  }
}

/** A JSON tree of `count` resources under one parent, and one integration listing them all; both on one line. */
async function listsSection(root) {
  console.log('\nOne integration listing every resource of a JSON tree of as many (both files on one line):');
  console.log(`${'entries'.padStart(8)}  ${'read tree'.padStart(9)}  ${'build'.padStart(9)}  ${'read list'.padStart(9)}  ${'dry run'.padStart(9)}  outcome`);
  for (const count of [1000, 2500, 5000, 10000, 40000]) {
    const dir = join(root, `lists-${count}`);
    mkdirSync(dir, { recursive: true });
    const ids = Array.from({ length: count }, (_, i) => `Bench_Acl::r${i}`);
    writeFileSync(join(dir, 'acl.json'), JSON.stringify({ resources: [{ id: 'Bench_Acl::top', title: 'Top', children: ids.map((id, i) => ({ id, title: `Resource ${i}` })) }] }));
    writeFileSync(join(dir, 'integrations.json'), JSON.stringify({ integrations: [{ name: 'Bench Big List', email: 'big@vendor.example', resources: ids }] }));
    let started = performance.now();
    const { sources } = loadAclSources(['acl.json'], dir);
    const readTree = ms(started);
    started = performance.now();
    const portcullis = await createPortcullis({ database: { url: 'sqlite::memory:' }, dataDir: dir, secretKey: SECRET_KEY, aclResources: sources });
    const build = ms(started);
    try {
      started = performance.now();
      const read = outcome(() => loadIntegrationDeclarations(['integrations.json'], dir).parts);
      const readList = ms(started);
      started = performance.now();
      const result = read.error !== undefined ? read : await outcomeOf(() => portcullis.config.sync({ declarations: read.value, dryRun: true }));
      console.log(`${String(count).padStart(8)}  ${readTree}  ${build}  ${readList}  ${ms(started)}  ${refusal(result)}`);
    } finally {
      await portcullis.close();
    }
  }
}

/** 10 integrations each listing 1,000 resources no ACL file defines. */
async function unknownSection(root) {
  const dir = join(root, 'unknown');
  mkdirSync(dir, { recursive: true });
  const integrations = Array.from({ length: 10 }, (_, n) => ({
    name: `Bench Unknown ${n}`,
    email: `unknown${n}@vendor.example`,
    resources: Array.from({ length: 1000 }, (_, i) => `Bench_Missing::r${n}_${i}`),
  }));
  writeFileSync(join(dir, 'integration.xml'), integrationXml(integrations));
  writeFileSync(join(dir, 'integrations.json'), JSON.stringify({ integrations }));
  const { sources } = loadAclSources([MAGENTO_ACL], dir);
  const portcullis = await createPortcullis({ database: { url: 'sqlite::memory:' }, dataDir: dir, secretKey: SECRET_KEY, aclResources: sources });
  try {
    console.log('');
    for (const [file, layout] of [['integration.xml', 'integration.xml, one per line'], ['integrations.json', 'JSON on one line']]) {
      const started = performance.now();
      const result = await outcomeOf(() => portcullis.config.sync({ declarations: loadIntegrationDeclarations([file], dir).parts, dryRun: true }));
      const problems = result.error?.problems?.length ?? 0;
      console.log(`10k unknown resources (10 integrations x 1,000), ${layout.padEnd(29)} ${ms(started)} to report ${problems} problems`);
    }
  } finally {
    await portcullis.close();
  }
}

/** acl.xml of `count` resources: 100 groups of count/100 under Magento_Backend::admin. */
function aclXml(count, oneLine) {
  const groups = [];
  for (let g = 0; g < 100; g += 1) {
    const children = Array.from({ length: count / 100 - 1 }, (_, i) => `<resource id="Bench_Acl::g${g}_r${i}" title="Resource ${g}.${i}"/>`);
    groups.push(`<resource id="Bench_Acl::g${g}" title="Group ${g}">${children.join(oneLine ? '' : '\n')}</resource>`);
  }
  const body = groups.join(oneLine ? '' : '\n');
  return `<?xml version="1.0"?>\n<config><acl><resources><resource id="Magento_Backend::admin">${oneLine ? '' : '\n'}${body}</resource></resources></acl></config>\n`;
}

async function xmlSection(root) {
  console.log('\nAn acl.xml of many resources, as PORTCULLIS_ACL_FILES at server start (read, tree, open Portcullis):');
  for (const count of [10000, 20000]) {
    for (const oneLine of [false, true]) {
      const dir = join(root, `xml-${count}-${oneLine ? 'line' : 'lines'}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'acl.xml'), aclXml(count, oneLine));
      let started = performance.now();
      const { sources } = loadAclSources(['acl.xml'], dir);
      const read = ms(started);
      started = performance.now();
      const portcullis = await createPortcullis({ database: { url: 'sqlite::memory:' }, dataDir: dir, secretKey: SECRET_KEY, aclResources: sources });
      const open = ms(started);
      await portcullis.close();
      console.log(`${String(count).padStart(6)} resources, ${oneLine ? 'one line      ' : 'one per line  '}  read ${read}  open ${open}`);
    }
  }
}

async function drySection(root) {
  console.log('');
  const big = join(root, 'dry-tree', 'acl.xml');
  mkdirSync(join(root, 'dry-tree'), { recursive: true });
  writeFileSync(big, aclXml(20000, false));
  const trees = [
    ['the Magento tree (163)', [MAGENTO_ACL], BASE],
    ['a 20k-resource tree', [big], ['Bench_Acl::g1', 'Bench_Acl::g2_r3', 'Bench_Acl::g99_r198']],
  ];
  for (const [label, aclFiles, resources] of trees) {
    const dir = join(root, `dry-${label.replace(/\W+/g, '-')}`);
    writeDeclarations(dir, DRY_N, 100, resources);
    const { sources } = loadAclSources(aclFiles, dir);
    const portcullis = await createPortcullis({ database: { url: `sqlite:${join(dir, 'bench.sqlite')}` }, dataDir: dir, secretKey: SECRET_KEY, aclResources: sources });
    try {
      let started = performance.now();
      const { parts, files } = loadIntegrationDeclarations(['app/code/*/etc/integration.xml'], dir);
      const read = ms(started);
      started = performance.now();
      const summary = await portcullis.config.sync({ declarations: parts, dryRun: true });
      const plan = ms(started);
      if (summary.created.length !== DRY_N) throw new Error(`expected ${DRY_N} to create, got ${summary.created.length}`);
      const peak = process.resourceUsage().maxRSS / 1024;
      console.log(`Dry run of ${DRY_N} integrations (${files.length} files), ${label.padEnd(22)} on an empty SQLite database: read ${read}, check and plan ${plan} (peak RSS so far ${peak.toFixed(0)} MB)`);
    } finally {
      await portcullis.close();
    }
  }
}

async function main() {
  console.log(`Config sync benchmark (node ${process.version}; sections: ${SECTIONS.join(', ')})`);
  const root = mkdtempSync(join(tmpdir(), 'portcullis-bench-sync-'));
  try {
    if (SECTIONS.includes('sync')) {
      console.log(`${N} integrations declared in ${Math.ceil(N / PER_MODULE)} integration.xml files:`);
      const sqliteRoot = join(root, 'sync-sqlite');
      mkdirSync(sqliteRoot);
      await syncSection('SQLite', { url: `sqlite:${join(sqliteRoot, 'bench.sqlite')}` }, sqliteRoot);
      if (process.env.BENCH_MYSQL === '1') {
        const mysqlRoot = join(root, 'sync-mysql');
        mkdirSync(mysqlRoot);
        await recreateMysqlDatabase(MYSQL_URL);
        await syncSection('MariaDB', { url: MYSQL_URL }, mysqlRoot);
      }
    }
    if (SECTIONS.includes('lists')) await listsSection(root);
    if (SECTIONS.includes('unknown')) await unknownSection(root);
    if (SECTIONS.includes('xml')) await xmlSection(root);
    if (SECTIONS.includes('dry')) await drySection(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
