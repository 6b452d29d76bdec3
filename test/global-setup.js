// Probes the MySQL/MariaDB server of the MySQL suites, and the Redis of the Redis suites, once per run.
// Locally without one, those suites are skipped with a visible notice; under CI=true they fail.
'use strict';
const mysql = require('mysql2/promise');
const { Redis } = require('ioredis');

async function probeRedis() {
  const url = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
  process.env.TEST_REDIS_URL = url;
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 3000, disconnectTimeout: 200, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    process.env.PORTCULLIS_TEST_REDIS = 'up';
  } catch (error) {
    process.env.PORTCULLIS_TEST_REDIS = 'down';
    process.env.PORTCULLIS_TEST_REDIS_ERROR = error instanceof Error ? error.message : String(error);
    const ci = process.env.CI === 'true' || process.env.CI === '1';
    const shown = url.replace(/\/\/[^@]*@/, '//***@');
    process.stderr.write(
      ci
        ? `\nRedis is required under CI but ${shown} did not answer (${process.env.PORTCULLIS_TEST_REDIS_ERROR}).\n`
        : `\nNOTICE: the Redis suites are SKIPPED: no Redis at ${shown} (${process.env.PORTCULLIS_TEST_REDIS_ERROR}). Set TEST_REDIS_URL or start redis-server to run them.\n`,
    );
  } finally {
    // Disconnecting a client whose connection already ended would hold the process for 2 s.
    if (client.status !== 'end') client.disconnect();
  }
}

module.exports = async function globalSetup() {
  // Tests that spawn `npm start` must find dist/ built: build it once here, never in parallel.
  require('../scripts/ensure-built').ensureBuilt();
  await probeRedis();

  const url = process.env.TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/portcullis_test';
  process.env.TEST_MYSQL_URL = url;
  const server = new URL(url);
  const database = decodeURIComponent(server.pathname.replace(/^\//, ''));
  server.pathname = '/';
  try {
    const connection = await mysql.createConnection({ uri: server.toString(), connectTimeout: 3000 });
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await connection.end();
    process.env.PORTCULLIS_TEST_MYSQL = 'up';
  } catch (error) {
    process.env.PORTCULLIS_TEST_MYSQL = 'down';
    process.env.PORTCULLIS_TEST_MYSQL_ERROR = error instanceof Error ? error.message : String(error);
    const ci = process.env.CI === 'true' || process.env.CI === '1';
    process.stderr.write(
      ci
        ? `\nMySQL is required under CI but ${url.replace(/\/\/[^@]*@/, '//***@')} did not answer (${process.env.PORTCULLIS_TEST_MYSQL_ERROR}).\n`
        : `\nNOTICE: the MySQL suites are SKIPPED: no MySQL at ${url.replace(/\/\/[^@]*@/, '//***@')} (${process.env.PORTCULLIS_TEST_MYSQL_ERROR}). Set TEST_MYSQL_URL or start MariaDB to run them.\n`,
    );
  }
};
