// Probes the MySQL/MariaDB server of the MySQL suites once per run.
// Locally without one, those suites are skipped with a visible notice; under CI=true they fail.
'use strict';
const mysql = require('mysql2/promise');

module.exports = async function globalSetup() {
  // Tests that spawn `npm start` must find dist/ built: build it once here, never in parallel.
  require('../scripts/ensure-built').ensureBuilt();

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
