#!/usr/bin/env node
// Micro-benchmark of the OAuth 1.0a request parsing on the guard's path, run with
// `npm run bench:signature` (builds first). For a few requests as the oauth-1.0a client signs
// them, it times, in one process and interleaved:
//   reference  the implementation the fast one replaced (test/unit/domain/oauth/reference,
//              compiled here from TypeScript on load), OAuthRequest.parse
//   current    dist/domain/oauth, OAuthRequest.parse (header parsed, base string built)
//   floor      a regex + encodeURIComponent version written inline below, with no validation:
//              what the work costs when nothing is checked
// and prints µs per request, the median of the rounds, and the ratios. Every variant must give the
// same base string for the request, or the bench stops. No assertion on time.
// Options (env): BENCH_ITERATIONS per variant and round (default 40000), BENCH_ROUNDS (default 5).
'use strict';
const { createHmac } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const OAuth = require('oauth-1.0a');

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ORIGIN = 'https://api.example.com';
const root = join(__dirname, '..');

/** The frozen reference is TypeScript kept with the tests: compiled on require, with what it imports from src. */
function requireReference() {
  const ts = require('typescript');
  const previous = require.extensions['.ts'];
  require.extensions['.ts'] = (module, filename) => {
    const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: filename,
    });
    module._compile(outputText, filename);
  };
  try {
    return require(join(root, 'test/unit/domain/oauth/reference/oauth-request.ts'));
  } finally {
    if (previous === undefined) delete require.extensions['.ts'];
    else require.extensions['.ts'] = previous;
  }
}

// The floor: RFC 5849 with regexes and the engine's encodeURIComponent, as small client libraries
// write it. It checks nothing (a malformed header or escape throws a URIError or is ignored).
const enc = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const formDecode = (text) => decodeURIComponent(text.replace(/\+/g, ' '));
const HEADER_PARAMETER = /([A-Za-z0-9_%.~-]+)\s*=\s*"([^"]*)"/g;

function floorBaseString({ method, path, rawQuery, formBody, authorization }) {
  const pairs = [];
  for (const match of authorization.matchAll(HEADER_PARAMETER)) {
    const name = decodeURIComponent(match[1]);
    if (name.startsWith('oauth_') && name !== 'oauth_signature') pairs.push([enc(name), enc(decodeURIComponent(match[2]))]);
  }
  for (const form of formBody === undefined ? [rawQuery] : [rawQuery, formBody]) {
    for (const piece of form.split('&')) {
      if (piece === '') continue;
      const equals = piece.indexOf('=');
      pairs.push(equals < 0 ? [enc(formDecode(piece)), ''] : [enc(formDecode(piece.slice(0, equals))), enc(formDecode(piece.slice(equals + 1)))]);
    }
  }
  pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return `${method.toUpperCase()}&${enc(ORIGIN + path)}&${enc(pairs.map(([n, v]) => `${n}=${v}`).join('&'))}`;
}

/** 1,000 signatures (unique nonces and timestamps) of one request by the oauth-1.0a client, as the guard receives them. */
function signedRequests(method, target, body) {
  const client = new OAuth({
    consumer: { key: 'k'.repeat(32), secret: 's'.repeat(32) },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  const token = { key: 't'.repeat(32), secret: 'u'.repeat(32) };
  const question = target.indexOf('?');
  const path = question < 0 ? target : target.slice(0, question);
  const rawQuery = question < 0 ? '' : target.slice(question + 1);
  const formBody = body === undefined ? undefined : new URLSearchParams(body).toString();
  return Array.from({ length: 1000 }, () => ({
    method,
    path,
    rawQuery,
    formBody,
    authorization: client.toHeader(client.authorize({ url: ORIGIN + target, method, data: body ?? {} }, token)).Authorization,
  }));
}

const SCENARIOS = [
  ['GET, no query (bench:guard)', signedRequests('GET', '/rest/V1/products')],
  [
    'GET, searchCriteria query',
    signedRequests(
      'GET',
      '/rest/V1/products?searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bfield%5D=sku&searchCriteria%5Bfilter_groups%5D%5B0%5D%5Bfilters%5D%5B0%5D%5Bvalue%5D=24-MB0%25&searchCriteria%5BpageSize%5D=20&searchCriteria%5BcurrentPage%5D=1',
    ),
  ],
  ['POST, form body', signedRequests('POST', '/rest/V1/orders/1/comments', { comment: 'Shipped today, 2 boxes (fragile!)', is_customer_notified: '1', status: 'complete' })],
];

/** Mean µs per call of `run` over ITERATIONS calls cycling through `requests`. */
function microsPerCall(run, requests) {
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i += 1) sink += run(requests[i % requests.length]).length;
  const micros = Number(process.hrtime.bigint() - start) / 1e3 / ITERATIONS;
  if (sink === 0) throw new Error('nothing was computed');
  return micros;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function main() {
  require('../scripts/ensure-built.js').ensureBuilt();
  const { OAuthRequest } = require('../dist/domain/oauth/oauth-request.js');
  const { SignatureBaseUrl } = require('../dist/domain/oauth/signature-base-url.value-object.js');
  const Reference = requireReference().OAuthRequest;
  const baseUrl = SignatureBaseUrl.create(ORIGIN);
  const variants = {
    reference: (request) => Reference.parse({ ...request, baseUrl }).baseString,
    current: (request) => OAuthRequest.parse({ ...request, baseUrl }).baseString,
    floor: (request) => floorBaseString(request),
  };

  console.log(`signature base string: ${ITERATIONS} requests per variant and round, median of ${ROUNDS} rounds, node ${process.version}`);
  console.log(`  ${'request'.padEnd(30)} ${'reference'.padStart(10)} ${'current'.padStart(10)} ${'floor'.padStart(10)}   reference/current  current/floor`);
  for (const [title, requests] of SCENARIOS) {
    for (const request of requests.slice(0, 3)) {
      const expected = variants.reference(request);
      for (const [name, run] of Object.entries(variants)) {
        if (run(request) !== expected) throw new Error(`${title}: ${name} gives another base string than the reference`);
      }
    }
    const times = { reference: [], current: [], floor: [] };
    for (const run of Object.values(variants)) microsPerCall(run, requests); // warm-up
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, run] of Object.entries(variants)) times[name].push(microsPerCall(run, requests));
    }
    const [reference, current, floor] = [median(times.reference), median(times.current), median(times.floor)];
    const us = (value) => `${value.toFixed(2)} µs`.padStart(10);
    console.log(`  ${title.padEnd(30)} ${us(reference)} ${us(current)} ${us(floor)}   ${`${(reference / current).toFixed(2)}×`.padStart(17)}  ${`${(current / floor).toFixed(2)}`.padStart(13)}`);
  }
}

main();
