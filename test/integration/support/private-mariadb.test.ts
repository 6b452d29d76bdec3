import { createConnection } from 'mysql2/promise';
import { startPrivateMariaDb, type PrivateMariaDb } from '../../support/private-mariadb';
import { describeMysql } from '../persistence/backends';

jest.setTimeout(60_000);

describeMysql('private MariaDB server (test support)', () => {
  let server: PrivateMariaDb | undefined;

  afterAll(async () => {
    await server?.destroy();
  });

  it('survives a stop and a start on the same port with the same data', async () => {
    server = await startPrivateMariaDb({ database: 'private_selftest' });
    const { port, url } = server;
    expect(port).not.toBe(3306);
    expect(url).toBe(`mysql://root@127.0.0.1:${port}/private_selftest`);

    const first = await createConnection({ uri: url });
    await first.query('CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(50) NOT NULL)');
    await first.query("INSERT INTO item (id, name) VALUES (1, 'kept')");
    await first.end();

    await server.stop();
    expect(server.running).toBe(false);
    await expect(createConnection({ uri: url, connectTimeout: 2000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await server.start();
    expect(server.running).toBe(true);
    expect(server.port).toBe(port);
    const second = await createConnection({ uri: url });
    const [rows] = await second.query('SELECT id, name FROM item');
    await second.end();
    expect(rows).toEqual([{ id: 1, name: 'kept' }]);
  });
});
