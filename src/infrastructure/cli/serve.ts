import { type ServerConfig } from '../server/server-config';
import { startServer } from '../server/start-server';
import { packageVersion } from './package-version';

/**
 * `portcullis serve`: starts the server as `npm start` does and resolves with the exit code once
 * SIGTERM or SIGINT has let in-flight requests finish and closed the database (a second signal
 * exits at once).
 */
export async function serveUntilStopped(config: ServerConfig): Promise<number> {
  const started = Date.now();
  const server = await startServer(config, { version: packageVersion() });
  server.app.log.info({ url: server.url, startupMs: Date.now() - started }, `Portcullis listening on ${server.url}`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        server.app.log.warn(`${signal} again: exiting without waiting`);
        process.exit(1);
      }
      stopping = true;
      server.app.log.info(`${signal}: finishing in-flight requests, then closing the database`);
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          server.app.log.error({ err: error }, 'error while shutting down');
          resolve(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
