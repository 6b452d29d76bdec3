import { Option } from 'commander';
import { excerpt } from '../../../domain/kernel/text';
import { CliRuleViolation, CliUsageError } from '../cli-errors';
import { type CliUseCases } from '../cli-services';
import { type ArgumentDeclaration, type CommandContext, type CommandDeclaration, type JsonOption } from '../command-context';
import { forTerminal } from '../output';

/** The options of a delete command. */
export interface DeleteOptions extends JsonOption {
  readonly yes?: boolean;
}

/** A delete command: its `<name|id>` argument, how it finds, asks about and deletes, and its printing. */
export interface DeleteCommand<Found, Deleted> extends Pick<CommandDeclaration<[string, DeleteOptions], Deleted>, 'name' | 'description' | 'json' | 'text'> {
  readonly argument: ArgumentDeclaration;
  readonly find: (cases: CliUseCases, ref: string) => Promise<Found>;
  /** The yes/no question asked at the terminal (without `--yes`). */
  readonly question: (found: Found) => string;
  readonly remove: (cases: CliUseCases, found: Found) => Promise<Deleted>;
}

/**
 * The declaration of a delete command, with `-y, --yes`. A script without `--yes` is refused
 * before anything is opened; else it finds `<name|id>`, asks (unless `--yes`) and deletes.
 * @throws (run) CliUsageError when not run from a terminal without `--yes`; CliRuleViolation
 *   CLI.CANCELLED when the answer is not yes
 */
export function deleteCommand<Found, Deleted>(context: CommandContext, command: DeleteCommand<Found, Deleted>): CommandDeclaration<[string, DeleteOptions], Deleted> {
  const { argument, find, question, remove, ...printed } = command;
  return {
    ...printed,
    arguments: [argument],
    options: [new Option('-y, --yes', 'do not ask for confirmation (required when not run from a terminal)')],
    run: async (ref, options) => {
      if (options.yes !== true && !context.io.interactive) {
        throw new CliUsageError(`${command.name} asks for confirmation: add --yes to delete "${excerpt(ref)}" when not run from a terminal.`);
      }
      const cases = await context.useCases();
      const found = await find(cases, ref);
      if (options.yes !== true && !(await context.io.confirm(forTerminal(question(found))))) {
        throw new CliRuleViolation('CLI.CANCELLED', 'Cancelled: nothing was deleted.');
      }
      return remove(cases, found);
    },
  };
}
