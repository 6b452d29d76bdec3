#!/usr/bin/env node
// The floor of `npm run bench:guard`: a minimal Fastify server with no Portcullis code, doing
// exactly the work the guard cannot avoid on a signed call, the fastest correct way we know:
// parse the OAuth Authorization header, rebuild the RFC 5849 base string (a regex and
// encodeURIComponent), compare the HMAC-SHA256 signature, check the timestamp window and spend the
// nonce in the store. It answers the example host's product listing (examples/catalog-fastify),
// or 401 on a bad signature or a replay. GET /public/products answers the same listing with no
// check at all: the plain Fastify baseline.
//
// Nonce stores (FLOOR_STORE):
//   sqlite   better-sqlite3, WAL, synchronous=NORMAL; the nonces that arrive in one event-loop turn
//            are inserted in one transaction (INSERT OR IGNORE, `changes` read per row)
//   mariadb  mysql2; one multi-row INSERT IGNORE … RETURNING per event-loop turn
//   redis    ioredis, SET key 1 EX <rest of the window> NX, auto-pipelined
// Keys compare exactly: SQLite TEXT and MariaDB VARBINARY (no collation), Redis keys are bytes.
//
// Env: PORT, FLOOR_STORE, FLOOR_BASE_URL (what clients sign), FLOOR_CONSUMER_KEY,
// FLOOR_CONSUMER_SECRET, FLOOR_ACCESS_TOKEN, FLOOR_ACCESS_TOKEN_SECRET, FLOOR_SQLITE_FILE,
// FLOOR_MYSQL_URL (its own database, created if missing; its table is dropped and created),
// FLOOR_REDIS_URL, FLOOR_REDIS_PREFIX (its own keys, removed on SIGTERM).
'use strict';
const { createHmac, timingSafeEqual } = require('node:crypto');
const Fastify = require('fastify');

const env = process.env;
const SKEW_SECONDS = 600;
const MAX_NONCE_LENGTH = 255;
const consumerKey = required('FLOOR_CONSUMER_KEY');
const accessToken = required('FLOOR_ACCESS_TOKEN');
const signingKey = `${encode(required('FLOOR_CONSUMER_SECRET'))}&${encode(required('FLOOR_ACCESS_TOKEN_SECRET'))}`;
const baseUrl = required('FLOOR_BASE_URL');

function required(name) {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

// The example host's catalog (examples/shared/catalog.js), copied so the floor runs no project code.
const products = [
  { sku: 'MB01', name: 'Joust Duffle Bag', price: 34, category_id: 4 },
  { sku: 'MS02', name: 'Hero Hoodie', price: 54, category_id: 5 },
  { sku: 'WS03', name: 'Breathe-Easy Tank', price: 34, category_id: 6 },
];
const list = () => {
  const items = [...products];
  return { items, search_criteria: {}, total_count: items.length };
};

/** RFC 3986 percent-encoding (RFC 5849 §3.6). */
function encode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const HEADER = /^OAuth\s+/i;
const PARAMETER = /\s*([A-Za-z0-9_.~%-]+)="([^"]*)"\s*(?:,|$)/y;

/**
 * The nonce and timestamp of a correctly signed call by the demo integration; null for anything
 * else (no or malformed header, other credentials, bad signature, stale timestamp).
 */
function verify(method, target, authorization) {
  const head = authorization === undefined ? null : HEADER.exec(authorization);
  if (head === null) return null;
  const oauth = new Map();
  PARAMETER.lastIndex = head[0].length;
  while (PARAMETER.lastIndex < authorization.length) {
    const match = PARAMETER.exec(authorization);
    if (match === null) return null;
    let name;
    let value;
    try {
      name = decodeURIComponent(match[1]);
      value = decodeURIComponent(match[2]);
    } catch {
      return null;
    }
    if (oauth.has(name)) return null;
    oauth.set(name, value);
  }
  if (oauth.get('oauth_consumer_key') !== consumerKey || oauth.get('oauth_token') !== accessToken) return null;
  if (oauth.get('oauth_signature_method') !== 'HMAC-SHA256') return null;
  const version = oauth.get('oauth_version');
  if (version !== undefined && version !== '1.0') return null;
  const nonce = oauth.get('oauth_nonce');
  const rawTimestamp = oauth.get('oauth_timestamp');
  const signature = oauth.get('oauth_signature');
  if (nonce === undefined || nonce === '' || nonce.length > MAX_NONCE_LENGTH || signature === undefined) return null;
  if (rawTimestamp === undefined || !/^[0-9]{1,15}$/.test(rawTimestamp)) return null;
  const timestamp = Number(rawTimestamp);
  if (Math.abs(timestamp - Date.now() / 1000) > SKEW_SECONDS) return null;

  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  const pairs = [];
  for (const [name, value] of oauth) if (name !== 'oauth_signature' && name !== 'realm') pairs.push([encode(name), encode(value)]);
  if (question !== -1) {
    for (const field of target.slice(question + 1).split('&')) {
      if (field === '') continue;
      const equals = field.indexOf('=');
      try {
        const name = decodeURIComponent((equals === -1 ? field : field.slice(0, equals)).replace(/\+/g, ' '));
        const value = equals === -1 ? '' : decodeURIComponent(field.slice(equals + 1).replace(/\+/g, ' '));
        pairs.push([encode(name), encode(value)]);
      } catch {
        return null;
      }
    }
  }
  pairs.sort(byNameThenValue);
  let normalized = '';
  for (let i = 0; i < pairs.length; i += 1) normalized += `${i === 0 ? '' : '&'}${pairs[i][0]}=${pairs[i][1]}`;
  const base = `${method}&${encode(baseUrl + path)}&${encode(normalized)}`;
  const expected = createHmac('sha256', signingKey).update(base).digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { nonce, timestamp };
}

/** RFC 5849 §3.4.1.3.2: by encoded name, then encoded value (ASCII, so code-unit order is byte order). */
function byNameThenValue(a, b) {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** `use(nonce, timestamp, done(error, fresh))` and `close()` for FLOOR_STORE. */
async function openStore(kind) {
  if (kind === 'sqlite') return sqliteStore(required('FLOOR_SQLITE_FILE'));
  if (kind === 'mariadb') return mariadbStore(required('FLOOR_MYSQL_URL'));
  if (kind === 'redis') return redisStore(required('FLOOR_REDIS_URL'), env.FLOOR_REDIS_PREFIX ?? `portcullis-bench-floor:${process.pid}:`);
  throw new Error(`FLOOR_STORE must be sqlite, mariadb or redis, not ${JSON.stringify(kind)}`);
}

/** Collects the calls of one event-loop turn and hands them to `flush` together (setImmediate). */
function perTurn(flush) {
  let pending = [];
  const run = () => {
    const batch = pending;
    pending = [];
    flush(batch);
  };
  return (nonce, timestamp, done) => {
    if (pending.length === 0) setImmediate(run);
    pending.push({ nonce, timestamp, done });
  };
}

function sqliteStore(file) {
  const Database = require('better-sqlite3');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS floor_nonce (consumer TEXT NOT NULL, nonce TEXT NOT NULL, timestamp INTEGER NOT NULL, PRIMARY KEY (consumer, nonce)) WITHOUT ROWID;' +
      'CREATE INDEX IF NOT EXISTS floor_nonce_timestamp ON floor_nonce (timestamp);',
  );
  const insert = db.prepare('INSERT OR IGNORE INTO floor_nonce (consumer, nonce, timestamp) VALUES (?, ?, ?)');
  const commit = db.transaction((batch) => {
    for (const call of batch) call.fresh = insert.run(consumerKey, call.nonce, call.timestamp).changes === 1;
  });
  return {
    use: perTurn((batch) => {
      try {
        commit(batch);
      } catch (error) {
        for (const call of batch) call.done(error, false);
        return;
      }
      for (const call of batch) call.done(null, call.fresh);
    }),
    close: async () => db.close(),
  };
}

async function mariadbStore(url) {
  const mysql = require('mysql2');
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = '/';
  const admin = mysql.createConnection({ uri: parsed.toString() }).promise();
  await admin.query(`CREATE DATABASE IF NOT EXISTS \`${database}\``);
  await admin.end();
  const pool = mysql.createPool({ uri: url, connectionLimit: 4 });
  await pool.promise().query('DROP TABLE IF EXISTS floor_nonce');
  await pool
    .promise()
    .query(
      'CREATE TABLE floor_nonce (consumer VARBINARY(64) NOT NULL, nonce VARBINARY(1020) NOT NULL, timestamp BIGINT NOT NULL, PRIMARY KEY (consumer, nonce), INDEX floor_nonce_timestamp (timestamp)) ENGINE=InnoDB',
    );
  const statements = new Map();
  const statementFor = (rows) => {
    let sql = statements.get(rows);
    if (sql === undefined) {
      sql = `INSERT IGNORE INTO floor_nonce (consumer, nonce, timestamp) VALUES ${new Array(rows).fill('(?, ?, ?)').join(', ')} RETURNING nonce`;
      if (statements.size < 1000) statements.set(rows, sql);
    }
    return sql;
  };
  return {
    use: perTurn((batch) => {
      const values = [];
      for (const call of batch) values.push(consumerKey, call.nonce, call.timestamp);
      pool.query(statementFor(batch.length), values, (error, rows) => {
        if (error) {
          for (const call of batch) call.done(error, false);
          return;
        }
        // A nonce twice in one batch is inserted once: the first caller has it, the other is a replay.
        const inserted = new Set(rows.map((row) => row.nonce.toString('utf8')));
        for (const call of batch) call.done(null, inserted.delete(call.nonce));
      });
    }),
    close: () => pool.promise().end(),
  };
}

function redisStore(url, prefix) {
  const Redis = require('ioredis');
  const redis = new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: 1 });
  return {
    use: (nonce, timestamp, done) => {
      // Kept while the timestamp is within the window; afterwards the timestamp check refuses it.
      const seconds = Math.max(1, Math.ceil(timestamp + SKEW_SECONDS - Date.now() / 1000) + 1);
      redis.set(`${prefix}${consumerKey}:${nonce}`, '1', 'EX', seconds, 'NX', (error, answer) => done(error ?? null, answer === 'OK'));
    },
    close: async () => {
      const stream = redis.scanStream({ match: `${prefix}*`, count: 1000 });
      for await (const keys of stream) if (keys.length > 0) await redis.unlink(...keys);
      await redis.quit();
    },
  };
}

async function main() {
  const kind = required('FLOOR_STORE');
  const store = await openStore(kind);
  const app = Fastify({ logger: false });
  const unauthorized = { message: 'The consumer is not authorized.' };

  app.get('/public/products', () => list());

  app.get('/rest/V1/products', (request, reply) => {
    const signed = verify(request.method, request.raw.url, request.headers.authorization);
    if (signed === null) return reply.code(401).send(unauthorized);
    store.use(signed.nonce, signed.timestamp, (error, fresh) => {
      if (error !== null) reply.code(503).send({ message: 'The nonce store is unavailable.' });
      else if (!fresh) reply.code(401).send(unauthorized);
      else reply.send(list());
    });
    return reply;
  });

  await app.listen({ port: Number(env.PORT ?? 0), host: '127.0.0.1' });
  process.stdout.write(`floor (${kind} nonces) listening on http://127.0.0.1:${app.server.address().port}\n`);
  process.once('SIGTERM', () => {
    app
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error) => {
          process.stderr.write(`floor: ${error.stack}\n`);
          process.exit(1);
        },
      );
  });
}

main().catch((error) => {
  process.stderr.write(`floor: ${error.stack ?? error}\n`);
  process.exit(1);
});
