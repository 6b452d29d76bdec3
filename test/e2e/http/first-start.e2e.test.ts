import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { type ServerConfig } from '../../../src/infrastructure/server/server-config';
import { startServer } from '../../../src/infrastructure/server/start-server';
import { fastPasswordHasher } from '../../support/deterministic-ports';

/** A first start that fails after the admin was created must still have shown the password. */
describe('first start that cannot listen (port taken)', () => {
  let dir: string;
  let blocker: Server;
  let port: number;
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-first-start-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => blocker.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (listenPort: number): ServerConfig => ({
    port: listenPort,
    host: '127.0.0.1',
    dataDir: dir,
    secretKey,
    logLevel: 'silent',
    trustProxy: false,
  });

  it('prints the password and writes its file before failing, and the next start signs in with it', async () => {
    let printed = '';
    const print = (text: string): void => {
      printed += text;
    };
    await expect(startServer(config(port), { print, overrides: { passwordHasher: fastPasswordHasher() } })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    const password = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
    expect(printed).toContain(`password: ${password}`);

    printed = '';
    const server = await startServer(config(0), { print, overrides: { passwordHasher: fastPasswordHasher() } });
    try {
      expect(server.initialAdmin).toBeUndefined();
      expect(printed).toContain('still holds the initial admin password');
      const response = await server.app.inject({
        method: 'POST',
        url: '/rest/V1/integration/admin/token',
        payload: { username: 'admin', password },
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});
