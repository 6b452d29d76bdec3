import { commandGroup } from '../command-context';

/** `serve`: the standalone server, exactly as `npm start` runs it. */
export const serveCommand = commandGroup('Server:', (command, context) => {
  command({
    name: 'serve',
    description: 'run the HTTP server (admin API, OAuth endpoints, forward-auth) as `npm start` does; stops on SIGTERM/SIGINT',
    helpAfter: '\nSettings come from the environment and --config, as for `npm start` (see `npm start -- --help`).',
    run: async () => context.setExitCode(await context.services().serve()),
  });
});
