#!/usr/bin/env node
// `npm start` entry. The standalone server (admin REST API, OAuth endpoints, web UI) is not built
// yet; until it is, say so plainly instead of pretending to start.
'use strict';
process.stderr.write(
  'Portcullis: the standalone server is not part of this version yet (it comes with the server issue).\n' +
    'Use Portcullis as a library meanwhile: const { createPortcullis } = require("portcullis"). See README.md.\n',
);
process.exitCode = 1;
