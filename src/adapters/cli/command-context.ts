import { type Command, type Option } from 'commander';
import { type CliServices, type CliUseCases } from './cli-services';
import { type CliIo, CliOutput } from './output';

/** What a command's action reaches: the terminal, the services (opened lazily), its output. */
export interface CommandContext {
  readonly io: CliIo;
  /** The composition root's services; nothing is opened until a use case is asked for. */
  services(): CliServices;
  /** The use cases of `services()`, opened on the first call. */
  useCases(): Promise<CliUseCases>;
  /** Printing for this command: JSON when it was given `--json`. */
  output(options: { readonly json?: boolean }): CliOutput;
  /** The process exit code when the action ends without throwing (default 0). */
  setExitCode(code: number): void;
}

/** A command group (`integration:*`, `db:*`...) adds its commands to the program. */
export type CommandGroup = (program: Command, context: CommandContext) => void;

const JSON_OPTION_HELP = 'print one JSON document (for scripts) instead of text';

/** Options given to every command that prints something. */
export interface JsonOption {
  readonly json?: boolean;
}

export function outputFor(io: CliIo, options: JsonOption): CliOutput {
  return new CliOutput(io, options.json === true);
}

/** A positional argument: its syntax (`<name|id>`, `[files...]`) and its help. */
export type ArgumentDeclaration = readonly [syntax: string, help: string];

/**
 * One command as its group declares it: what `--help` says of it, the work it does, and how its
 * result is printed. Printing comes after the work, so a refusal prints nothing on stdout.
 */
export interface CommandDeclaration<Args extends unknown[], Result> {
  readonly name: string;
  readonly description: string;
  /** Its positional arguments, in order. */
  readonly arguments?: readonly ArgumentDeclaration[];
  /** The command's own options, in the order `--help` lists them (`--json` comes after them). */
  readonly options?: readonly Option[];
  /** Text `--help` prints after the options (examples, notes). */
  readonly helpAfter?: string;
  /** The work: called with the arguments in order, then the options (as commander passes them). */
  readonly run: (...args: Args) => Promise<Result>;
  /** The `--json` document of the result (or a promise of it); a command that has one takes `--json`. */
  readonly json?: (result: NoInfer<Result>) => unknown;
  /** The result for people (without `--json`). */
  readonly text?: (out: CliOutput, result: NoInfer<Result>) => void;
}

/** Adds one declared command to its group; see {@link commandGroup}. */
export type AddCommand = <Args extends unknown[], Result>(declaration: CommandDeclaration<Args, Result>) => void;

/** A command group whose commands are listed under `heading` in `--help`, in the order declared. */
export function commandGroup(heading: string, declare: (command: AddCommand, context: CommandContext) => void): CommandGroup {
  return (program, context) => declare((declaration) => addCommand(program, context, heading, declaration), context);
}

function addCommand<Args extends unknown[], Result>(program: Command, context: CommandContext, heading: string, declaration: CommandDeclaration<Args, Result>): void {
  const { json, text } = declaration;
  const command = program.command(declaration.name).helpGroup(heading).description(declaration.description);
  for (const [syntax, help] of declaration.arguments ?? []) command.argument(syntax, help);
  for (const option of declaration.options ?? []) command.addOption(option);
  if (json !== undefined) command.option('--json', JSON_OPTION_HELP);
  if (declaration.helpAfter !== undefined) command.addHelpText('after', declaration.helpAfter);
  command.action(async (...args: unknown[]) => {
    // Commander passes the arguments, the options, then the command itself (ignored by `run`).
    const result = await declaration.run(...(args as Args));
    const out = context.output(command.opts<JsonOption>());
    if (out.json && json !== undefined) out.document(await json(result));
    else text?.(out, result);
  });
}
