// Compiles src/ to dist/, and the admin web UI (web/admin/src) to dist/admin-ui/, when either is
// missing or older than its sources. Used by `npm start`
// and by the test global setup (so tests that spawn the server never compile concurrently).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'infrastructure', 'server', 'main.js');
const builds = [
  { sources: join(root, 'src'), output: entry, tsconfig: join(root, 'tsconfig.build.json') },
  { sources: join(root, 'web', 'admin', 'src'), output: join(root, 'dist', 'admin-ui', 'app.js'), tsconfig: join(root, 'web', 'admin', 'tsconfig.json') },
];

function newestMtime(dir) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** @returns the server entry point; exits the process when the build fails. */
function ensureBuilt() {
  const stale = builds.filter((build) => !existsSync(build.output) || newestMtime(build.sources) > statSync(build.output).mtimeMs);
  if (stale.length > 0) process.stderr.write('Portcullis: compiling the sources (first start or changed sources)…\n');
  for (const build of stale) {
    const tsc = require.resolve('typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', build.tsconfig], { stdio: 'inherit', cwd: root });
    if (result.status !== 0) {
      process.stderr.write('Portcullis: the build failed (see above).\n');
      process.exit(result.status ?? 1);
    }
  }
  return entry;
}

module.exports = { ensureBuilt };
