// Compiles src/ to dist/, and the admin web UI (web/admin/src) to dist/admin-ui/, when either is
// missing or older than its sources. Used by `npm start`
// and by the test global setup (so tests that spawn the server never compile concurrently).
// Run as a script, it is npm's `prepare`: `npm install` in a checkout, and npm installing the
// package from git, build dist/. With --clean it is npm's `prepack`: dist/ is removed and compiled
// afresh, so `npm pack` and `npm publish` ship what the sources give, even from a fresh clone.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync } = require('node:fs');
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

/** Exits the process when the build fails. */
function compile(build) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    process.stderr.write('Portcullis: compiling the sources needs TypeScript, a dev dependency (npm install without --omit=dev).\n');
    process.exit(1);
  }
  const result = spawnSync(process.execPath, [tsc, '-p', build.tsconfig], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) {
    process.stderr.write('Portcullis: the build failed (see above).\n');
    process.exit(result.status ?? 1);
  }
}

/** @returns the server entry point; exits the process when the build fails. */
function ensureBuilt() {
  const stale = builds.filter((build) => !existsSync(build.output) || newestMtime(build.sources) > statSync(build.output).mtimeMs);
  if (stale.length > 0) process.stderr.write('Portcullis: compiling the sources (first start or changed sources)…\n');
  for (const build of stale) compile(build);
  return entry;
}

/** Removes dist/ and compiles everything, so no file of a deleted source is left to ship. */
function buildClean() {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  for (const build of builds) compile(build);
}

module.exports = { ensureBuilt };

if (require.main === module) {
  if (process.argv.includes('--clean')) buildClean();
  else ensureBuilt();
}
