import { type RunningServer } from './start-server';

/**
 * Resolves with the exit code once SIGTERM or SIGINT has let in-flight requests finish and
 * closed the database (0, or 1 if closing failed); a second signal exits at once.
 */
export function closeOnSignal(server: RunningServer): Promise<number> {
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
