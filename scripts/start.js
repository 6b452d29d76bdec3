#!/usr/bin/env node
// `npm start`: compiles the TypeScript sources when dist/ is missing or older than src/, then runs
// the server. Arguments after `npm start --` are passed on (e.g. `npm start -- --config my.json`).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'infrastructure', 'server', 'main.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const stale = !existsSync(entry) || newestMtime(join(root, 'src')) > statSync(entry).mtimeMs;
if (stale) {
  process.stderr.write('Portcullis: compiling the sources (first start or changed sources)…\n');
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.stderr.write('Portcullis: the build failed (see above).\n');
    process.exit(result.status ?? 1);
  }
}
require(entry);
