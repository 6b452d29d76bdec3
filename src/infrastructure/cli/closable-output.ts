/**
 * What a shell reports for a tool stopped by SIGPIPE (128 + 13): the CLI's exit code when a reader
 * closed its stdout or stderr before the end (`portcullis acl:tree | head -1`).
 */
export const CLOSED_PIPE_EXIT = 141;

/**
 * process.stdout or process.stderr for the CLI, ending quietly when its reader goes away. Node
 * ignores SIGPIPE, so a write to a closed pipe fails with EPIPE: an unhandled 'error' event, a
 * stack trace and exit 1. Here the first EPIPE marks the stream closed and later writes are
 * dropped; the command still runs to its end (its changes are already saved when it prints, and
 * the database is closed as usual), and main exits with CLOSED_PIPE_EXIT, as a tool stopped by
 * SIGPIPE would (`set -o pipefail` scripts see that the output was cut; nothing is written to
 * stderr). Any other write error is thrown as before.
 */
export class ClosableOutput {
  private closedByReader = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || (this.closedByReader && error.code === 'ERR_STREAM_DESTROYED')) {
        this.closedByReader = true;
        return;
      }
      throw error;
    });
  }

  get isTTY(): boolean {
    return this.stream.isTTY === true;
  }

  /** True once a write found the pipe closed by its reader. */
  get closed(): boolean {
    return this.closedByReader;
  }

  write(text: string): boolean {
    return this.closedByReader ? false : this.stream.write(text);
  }

  /**
   * Resolves once everything written so far has reached the pipe, or the pipe turned out closed:
   * a large write to a pipe completes (or fails with EPIPE) long after `write` returned.
   */
  flushed(): Promise<void> {
    if (this.closedByReader || this.stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.stream.write('', () => setImmediate(resolve));
    });
  }
}
