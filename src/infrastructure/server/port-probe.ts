import { createServer } from 'node:net';

/**
 * Binds `host:port` and lets it go again, so that a start on a port already in use fails before
 * anything is created (data directory, database, first admin, password file). Port 0 (any free
 * port) is not probed. Another process may still take the port between this check and the real
 * listen; that start then fails as before, after the first admin was created and its password shown.
 * @throws the listen error (code EADDRINUSE, EACCES, EADDRNOTAVAIL…) when the port cannot be bound
 */
export function assertPortBindable(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => {
      probe.close(() => resolve());
    });
  });
}
