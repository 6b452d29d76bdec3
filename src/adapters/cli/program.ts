import { Command, CommanderError } from 'commander';
import { EXIT, toCliFailure, type CliFailure, type FailureClassifier } from './cli-errors';
import { type CliServices, type GlobalOptions } from './cli-services';
import { outputFor, type CommandContext, type CommandGroup } from './command-context';
import { aclCommands } from './commands/acl.commands';
import { auditCommands } from './commands/audit.commands';
import { configCommands } from './commands/config.commands';
import { adminCommands } from './commands/admin.commands';
import { dbCommands } from './commands/db.commands';
import { integrationCommands } from './commands/integration.commands';
import { roleCommands } from './commands/role.commands';
import { serveCommand } from './commands/serve.command';
import { forTerminal, jsonForTerminal, type CliIo } from './output';

/** The command groups, in the order `--help` lists them. */
const GROUPS: readonly CommandGroup[] = [integrationCommands, aclCommands, roleCommands, adminCommands, configCommands, auditCommands, dbCommands, serveCommand];

const EXAMPLES = `
Examples:
  $ portcullis integration:create --name "ERP sync" --email ops@example.com --all --activate
  $ portcullis integration:list --status active
  $ portcullis integration:show "ERP sync" --json
  $ portcullis integration:credentials "ERP sync"
  $ portcullis integration:delete "ERP sync" --yes
  $ portcullis acl:tree
  $ portcullis acl:check "ERP sync" Magento_Sales::sales Magento_Catalog::products
  $ portcullis acl:explain Integrators --role
  $ portcullis role:create --name Integrators --resources Portcullis::integrations
  $ portcullis admin:create --username jane --email jane@example.com --first-name Jane --last-name Doe --role Integrators
  $ printf '%s\\n' "$NEW_PASSWORD" | portcullis admin:passwd jane --password-stdin
  $ portcullis admin:unlock jane
  $ portcullis config:sync --dry-run
  $ portcullis audit:list --integration "ERP sync" --since 7d
  $ portcullis audit:export --since 24h >> audit.jsonl
  $ portcullis audit:verify
  $ DATABASE_URL=mysql://user:pass@db:3306/portcullis portcullis db:status
  $ portcullis serve --config portcullis.json

Settings are those of the server (DATABASE_URL, PORTCULLIS_DATA_DIR, PORTCULLIS_SECRET_KEY,
PORTCULLIS_ACL_FILES, PORTCULLIS_INTEGRATION_FILES, ... or a JSON file given with --config / PORTCULLIS_CONFIG); see
\`npm start -- --help\`.

The CLI acts as the system (an operator at the terminal): no admin sign-in is needed; the audit
trail names it as \`cli\` with the OS user. Passwords are asked without echo, or read from stdin
with --password-stdin; they are never printed.

Exit codes: 0 ok, 1 refused (not found, name taken, invalid value, weak password...; for acl:check,
a resource is denied), 2 wrong command line, 69 database unavailable, 70 unexpected error (a bug),
78 wrong settings, 141 stdout closed before the end (\`| head\`: as a tool stopped by SIGPIPE).
`;

/** What the CLI needs from its composition root. */
export interface CliDependencies {
  readonly io: CliIo;
  /** Builds the services for the global options; called at most once, only by commands that need it. */
  readonly connect: (options: GlobalOptions) => CliServices;
  readonly classify: FailureClassifier;
  readonly version: string;
  /** Prints an unexpected error's stack (PORTCULLIS_DEBUG=1). */
  readonly debug?: boolean;
}

/** The commander program with every command group registered. */
export function buildProgram(context: CommandContext, version: string): Command {
  const program = new Command('portcullis')
    .description('Manage Portcullis integrations, ACL, roles, admin users and its database from the terminal or from scripts.')
    .version(version, '-V, --version', 'print the version')
    .option('--config <file>', 'JSON settings file (as for `npm start`; default $PORTCULLIS_CONFIG)')
    .helpOption('-h, --help', 'show help (also: portcullis <command> --help)')
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);
  for (const group of GROUPS) group(program, context);
  return program;
}

/**
 * Runs one command line (arguments after the program name) and returns the exit code. Output and
 * errors go to `deps.io`; an error is one line on stderr (a JSON line with `--json`).
 */
export async function runCli(argv: readonly string[], deps: CliDependencies): Promise<number> {
  let services: CliServices | undefined;
  let exitCode = 0;
  let commanderMessage = '';
  const context: CommandContext = {
    io: deps.io,
    services: () => (services ??= deps.connect(program.opts<GlobalOptions>())),
    useCases: () => context.services().useCases(),
    output: (options) => outputFor(deps.io, options),
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  const program = buildProgram(context, deps.version);
  configure(program, deps.io, (message) => {
    commanderMessage = message;
  });
  const json = argv.includes('--json');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      // A bare `portcullis` shows the help on stderr: a usage error for scripts.
      if (error.code === 'commander.help' || error.code === 'commander.executeSubCommandAsync') return EXIT.usage;
      const text = (commanderMessage || error.message).replace(/^error:\s*/, '').trim();
      const message = /[.?!)]$/.test(text) ? text : `${text}.`;
      report(deps.io, { exitCode: EXIT.usage, code: 'CLI.USAGE', message: `${message} See portcullis --help.`, unexpected: false }, json);
      return EXIT.usage;
    }
    const failure = toCliFailure(error, deps.classify);
    report(deps.io, failure, json);
    if (failure.unexpected && deps.debug === true) deps.io.stderr.write(`${linesForTerminal(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
    return failure.exitCode;
  } finally {
    // A failure to close (the database went away) must not hide the command's own outcome.
    if (services !== undefined) await services.close().catch(() => undefined);
  }
}

/** Commander reports through us: exits become exceptions, error text is captured (one line). */
function configure(command: Command, io: CliIo, captureError: (message: string) => void): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    outputError: (text) => captureError(text.trim().split(/\s*\n\s*/).join(' ')),
  });
  for (const sub of command.commands) configure(sub, io, captureError);
}

/** One error on stderr; like stdout, it never carries a raw control sequence (messages may quote values). */
function report(io: CliIo, failure: CliFailure, json: boolean): void {
  io.stderr.write(
    json
      ? `${jsonForTerminal({ error: { code: failure.code, message: failure.message, exitCode: failure.exitCode } })}\n`
      : `error: ${linesForTerminal(failure.message)}\n`,
  );
}

/** Multi-line text (one problem per line) escaped line by line. */
function linesForTerminal(text: string): string {
  return text.split('\n').map(forTerminal).join('\n');
}
