import { runCli } from '../../adapters/cli/program';
import { type CliIo } from '../../adapters/cli/output';
import { cliFailureClassifier, cliServices } from './cli-services.factory';
import { packageVersion } from '../server/package-version';
import { confirmOnTerminal, readFirstLine, readSecretOnTerminal } from './terminal';

/** The `portcullis` command: the CLI adapter on the process's terminal and the configured database. */
async function main(argv: readonly string[]): Promise<void> {
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
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
  // Set, not process.exit(): pending output to a pipe is flushed before the process ends.
  process.exitCode = exitCode;
}

void main(process.argv.slice(2));
