#!/usr/bin/env node
// `npm start`: compiles the TypeScript sources when dist/ is missing or older than src/, then runs
// the server. Arguments after `npm start --` are passed on (e.g. `npm start -- --config my.json`).
'use strict';
const { ensureBuilt } = require('./ensure-built');

require(ensureBuilt());
