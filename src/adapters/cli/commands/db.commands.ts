import { JSON_OPTION_HELP, type CommandGroup, type JsonOption } from '../command-context';

const GROUP = 'Database:';

/** `db:migrate`, `db:status`: the schema of the configured database (no secret key needed). */
export const dbCommands: CommandGroup = (program, context) => {
  program
    .command('db:migrate')
    .helpGroup(GROUP)
    .description('apply the pending migrations to the configured database')
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: JsonOption) => {
      const applied = await context.services().migrate();
      const out = context.output(options);
      if (out.json) out.document({ applied });
      else out.line(applied.length === 0 ? 'No pending migration: the database is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}.`);
    });

  program
    .command('db:status')
    .helpGroup(GROUP)
    .description('list the migrations this version ships and whether each is applied (changes nothing)')
    .option('--json', JSON_OPTION_HELP)
    .action(async (options: JsonOption) => {
      const status = await context.services().migrationStatus();
      const out = context.output(options);
      if (out.json) {
        out.document({ database: status.database, applied: status.applied, pending: status.pending, upToDate: status.pending.length === 0 });
        return;
      }
      out.line(`Database: ${status.database}`);
      out.table(
        ['MIGRATION', 'STATE'],
        [...status.applied.map((name) => [name, out.paint('good', 'applied')]), ...status.pending.map((name) => [name, out.paint('warn', 'pending')])],
      );
      out.line(status.pending.length === 0 ? 'Up to date.' : `${status.pending.length} pending: run portcullis db:migrate (the server also applies them when it starts).`);
    });
};
