import { type RunningServer } from './start-server';

/**
 * A second signal sooner than this after the first is the same request: Ctrl-C in a terminal
 * signals the whole foreground process group, and `npm start` forwards the signal it got too, so
 * the server hears SIGINT twice at once.
 */
const SAME_REQUEST_MS = 1000;

/**
 * Resolves with the exit code once SIGTERM or SIGINT has let in-flight requests finish and
 * closed the database (0, or 1 if closing failed), after logging that the server stopped. A
 * second signal (a second or more after the first) exits at once.
 */
export function closeOnSignal(server: RunningServer): Promise<number> {
  return new Promise<number>((resolve) => {
    let stoppingSince: number | undefined;
    const stop = (signal: NodeJS.Signals): void => {
      if (stoppingSince !== undefined) {
        if (Date.now() - stoppingSince < SAME_REQUEST_MS) return;
        server.app.log.warn(`${signal} again: exiting without waiting`);
        process.exit(1);
      }
      stoppingSince = Date.now();
      server.app.log.info(`${signal}: finishing in-flight requests, then closing the database`);
      server.close().then(
        () => {
          server.app.log.info({ signal, shutdownMs: Date.now() - (stoppingSince ?? Date.now()) }, 'Portcullis stopped: requests finished, port and database closed');
          resolve(0);
        },
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
