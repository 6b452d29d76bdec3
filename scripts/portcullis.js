#!/usr/bin/env node
// The `portcullis` command: in a checkout, compiles src/ to dist/ first when dist/ is missing or
// older than the sources (like `npm start`); an installed package runs its dist/ as shipped.
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

if (existsSync(join(__dirname, '..', 'src'))) require('./ensure-built').ensureBuilt();
require('../dist/infrastructure/cli/main.js');
