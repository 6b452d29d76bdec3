#!/usr/bin/env node
// Calls an API protected by Portcullis as an integration does: an OAuth 1.0a signed request
// (HMAC-SHA256), signed by the `oauth-1.0a` package and sent with fetch.
//
//   CONSUMER_KEY=… CONSUMER_SECRET=… ACCESS_TOKEN=… ACCESS_TOKEN_SECRET=… \
//     node examples/sign.js GET http://127.0.0.1:3000/rest/V1/products
//   … node examples/sign.js POST http://127.0.0.1:3000/rest/V1/products '{"product":{"sku":"X1","name":"X","price":1}}'
//   … node examples/sign.js --header GET http://127.0.0.1:3000/rest/V1/products   (prints the header, for curl)
//
// The URL must be the one the server checks signatures against (its PUBLIC_BASE_URL, when set).
'use strict';
const { createHmac } = require('node:crypto');
const OAuth = require('oauth-1.0a');

function authorizationHeader({ method, url, consumerKey, consumerSecret, token, tokenSecret }) {
  const client = new OAuth({
    consumer: { key: consumerKey, secret: consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  return client.toHeader(client.authorize({ url, method }, { key: token, secret: tokenSecret })).Authorization;
}

module.exports = { authorizationHeader };

if (require.main === module) {
  const args = process.argv.slice(2);
  const headerOnly = args[0] === '--header';
  const [method, url, body] = headerOnly ? args.slice(1) : args;
  const missing = ['CONSUMER_KEY', 'CONSUMER_SECRET', 'ACCESS_TOKEN', 'ACCESS_TOKEN_SECRET'].filter((name) => !process.env[name]);
  if (method === undefined || url === undefined || missing.length > 0) {
    process.stderr.write('Usage: CONSUMER_KEY=… CONSUMER_SECRET=… ACCESS_TOKEN=… ACCESS_TOKEN_SECRET=… node examples/sign.js [--header] METHOD URL [JSON body]\n');
    if (missing.length > 0) process.stderr.write(`Missing: ${missing.join(', ')}\n`);
    process.exit(2);
  }
  const authorization = authorizationHeader({
    method: method.toUpperCase(),
    url,
    consumerKey: process.env.CONSUMER_KEY,
    consumerSecret: process.env.CONSUMER_SECRET,
    token: process.env.ACCESS_TOKEN,
    tokenSecret: process.env.ACCESS_TOKEN_SECRET,
  });
  if (headerOnly) {
    process.stdout.write(`Authorization: ${authorization}\n`);
  } else {
    const headers = { authorization, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    fetch(url, { method: method.toUpperCase(), headers, ...(body !== undefined ? { body } : {}) }).then(
      async (response) => {
        process.stdout.write(`${response.status} ${await response.text()}\n`);
        process.exitCode = response.ok ? 0 : 1;
      },
      (error) => {
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      },
    );
  }
}
