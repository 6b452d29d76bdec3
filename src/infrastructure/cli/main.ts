import { runCli } from '../../adapters/cli/program';
import { type CliIo } from '../../adapters/cli/output';
import { cliFailureClassifier, cliServices } from './cli-services.factory';
import { packageVersion } from '../server/package-version';
import { confirmOnTerminal, readFirstLine, readSecretOnTerminal } from './terminal';
import { ClosableOutput, CLOSED_PIPE_EXIT } from './closable-output';

/** The `portcullis` command: the CLI adapter on the process's terminal and the configured database. */
async function main(argv: readonly string[]): Promise<void> {
  const stdout = new ClosableOutput(process.stdout);
  const stderr = new ClosableOutput(process.stderr);
  const io: CliIo = {
    stdout,
    stderr,
    interactive: process.stdin.isTTY === true,
    noColor: process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '',
    confirm: confirmOnTerminal,
    readSecret: readSecretOnTerminal,
    readLine: readFirstLine,
  };
  const exitCode = await runCli(argv, {
    io,
    connect: (options) => cliServices(options),
    classify: cliFailureClassifier,
    version: packageVersion(),
    debug: process.env.PORTCULLIS_DEBUG === '1',
  });
  // A write to a pipe completes, or fails with EPIPE, after `write` returned: wait for both streams
  // to take everything (or to be found closed) before choosing the exit code.
  await Promise.all([stdout.flushed(), stderr.flushed()]);
  // Set, not process.exit(): pending output to a pipe is flushed before the process ends.
  process.exitCode = stdout.closed || stderr.closed ? CLOSED_PIPE_EXIT : exitCode;
}

void main(process.argv.slice(2));
