import { type ServerConfig } from '../server/server-config';
import { startServer } from '../server/start-server';
import { closeOnSignal } from '../server/close-on-signal';
import { packageVersion } from '../server/package-version';

/**
 * `portcullis serve`: starts the server as `npm start` does and resolves with the exit code once
 * SIGTERM or SIGINT has let in-flight requests finish and closed the database (a second signal
 * exits at once).
 */
export async function serveUntilStopped(config: ServerConfig): Promise<number> {
  const started = Date.now();
  const server = await startServer(config, { version: packageVersion() });
  server.app.log.info({ url: server.url, startupMs: Date.now() - started }, `Portcullis listening on ${server.url}`);
  return closeOnSignal(server);
}
