import { type CommandGroup } from '../command-context';

/** `serve`: the standalone server, exactly as `npm start` runs it. */
export const serveCommand: CommandGroup = (program, context) => {
  program
    .command('serve')
    .helpGroup('Server:')
    .description('run the HTTP server (admin API, OAuth endpoints, forward-auth) as `npm start` does; stops on SIGTERM/SIGINT')
    .addHelpText('after', '\nSettings come from the environment and --config, as for `npm start` (see `npm start -- --help`).')
    .action(async () => {
      context.setExitCode(await context.services().serve());
    });
};
