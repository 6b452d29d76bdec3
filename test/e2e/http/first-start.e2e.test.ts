import { existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AesGcmSecretCipher } from '../../../src/adapters/crypto/aes-gcm-secret-cipher';
import { type ServerConfig } from '../../../src/infrastructure/server/server-config';
import { startServer } from '../../../src/infrastructure/server/start-server';
import { fastPasswordHasher } from '../../support/deterministic-ports';

/** A start on a port in use fails before creating anything: its data directory stays as it was. */
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

  const config = (listenPort: number, dataDir: string): ServerConfig => ({
    port: listenPort,
    host: '127.0.0.1',
    dataDir,
    secretKey,
    logLevel: 'silent',
    trustProxy: false,
  });

  it('creates nothing (no data dir, no admin, no password file) and says the port is in use; the next start on a free port is the real first start', async () => {
    const dataDir = join(dir, 'data');
    let printed = '';
    const print = (text: string): void => {
      printed += text;
    };
    await expect(startServer(config(port, dataDir), { print, overrides: { passwordHasher: fastPasswordHasher() } })).rejects.toMatchObject({
      code: 'EADDRINUSE',
      message: `listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
    });
    expect(printed).toBe('');
    expect(existsSync(dataDir)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);

    const server = await startServer(config(0, dataDir), { print, overrides: { passwordHasher: fastPasswordHasher() } });
    try {
      const password = server.initialAdmin?.password ?? '';
      expect(password).not.toBe('');
      expect(printed).toContain('Portcullis first start: an administrator was created.');
      expect(printed).toContain(`password: ${password}`);
      expect(readFileSync(join(dataDir, 'initial-admin-password'), 'utf8')).toBe(`${password}\n`);
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

  it('leaves an existing data directory as it was (no database, no key file)', async () => {
    const dataDir = join(dir, 'existing');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'notes.txt'), 'kept\n');
    await expect(startServer(config(port, dataDir), { print: () => undefined, overrides: { passwordHasher: fastPasswordHasher() } })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(readdirSync(dataDir)).toEqual(['notes.txt']);
  });
});

/** A planted link at data/initial-admin-password must not receive the password (issue 16.7). */
describe('first start with something planted at the initial-password path', () => {
  let dir: string;
  const secretKey = AesGcmSecretCipher.generateKey().toString('hex');
  const config = (dataDir: string): ServerConfig => ({ port: 0, host: '127.0.0.1', dataDir, secretKey, logLevel: 'silent', trustProxy: false });
  const start = (dataDir: string, print: (text: string) => void = () => undefined) =>
    startServer(config(dataDir), { print, overrides: { passwordHasher: fastPasswordHasher() } });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-planted-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start when it is a symbolic link to another file: the target keeps its content and mode, no database is created', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const target = join(dir, 'victim.txt');
    writeFileSync(target, 'precious\n', { mode: 0o644 });
    symlinkSync(target, join(dataDir, 'initial-admin-password'));
    let printed = '';

    await expect(start(dataDir, (text) => (printed += text))).rejects.toThrow(/initial-admin-password is a symbolic link/);

    expect(readFileSync(target, 'utf8')).toBe('precious\n');
    expect(statSync(target).mode & 0o777).toBe(0o644);
    expect(printed).toBe('');
    expect(readdirSync(dataDir)).toEqual(['initial-admin-password']);
  });

  it('refuses a dangling link too, without creating its target', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const target = join(dir, 'created-through-the-link');
    symlinkSync(target, join(dataDir, 'initial-admin-password'));

    await expect(start(dataDir)).rejects.toThrow(/symbolic link/);
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a directory at that path', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(join(dataDir, 'initial-admin-password'), { recursive: true });
    await expect(start(dataDir)).rejects.toThrow(/initial-admin-password is not a regular file/);
  });

  it('replaces a regular file left by an earlier database with a new one of mode 0600 holding the new password', async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const file = join(dataDir, 'initial-admin-password');
    // A hard link to another file: writing into the old inode would change that file.
    const other = join(dir, 'other.txt');
    writeFileSync(other, 'stale\n', { mode: 0o666 });
    linkSync(other, file);

    const server = await start(dataDir);
    try {
      expect(server.initialAdmin?.password).toEqual(expect.any(String));
      expect(readFileSync(file, 'utf8')).toBe(`${server.initialAdmin?.password ?? ''}\n`);
      expect(lstatSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(other, 'utf8')).toBe('stale\n');
      expect(statSync(other).mode & 0o777).toBe(0o666 & ~process.umask());
    } finally {
      await server.close();
    }
  });
});
