import { type Command } from 'commander';
import { type CliServices } from './cli-services';
import { type CliIo, CliOutput } from './output';

/** What a command's action reaches: the terminal, the services (opened lazily), its output. */
export interface CommandContext {
  readonly io: CliIo;
  /** The composition root's services; nothing is opened until a use case is asked for. */
  services(): CliServices;
  /** Printing for this command: JSON when it was given `--json`. */
  output(options: { readonly json?: boolean }): CliOutput;
  /** The process exit code when the action ends without throwing (default 0). */
  setExitCode(code: number): void;
}

/** A command group (`integration:*`, `db:*`...) adds its commands to the program. */
export type CommandGroup = (program: Command, context: CommandContext) => void;

export const JSON_OPTION_HELP = 'print one JSON document (for scripts) instead of text';

/** Options given to every command that prints something. */
export interface JsonOption {
  readonly json?: boolean;
}

export function outputFor(io: CliIo, options: JsonOption): CliOutput {
  return new CliOutput(io, options.json === true);
}
