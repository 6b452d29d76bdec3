import { commandGroup } from '../command-context';

/** `db:migrate`, `db:status`: the schema of the configured database (no secret key needed). */
export const dbCommands = commandGroup('Database:', (command, context) => {
  command({
    name: 'db:migrate',
    description: 'apply the pending migrations to the configured database',
    run: () => context.services().migrate(),
    json: (applied) => ({ applied }),
    text: (out, applied) =>
      out.line(applied.length === 0 ? 'No pending migration: the database is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}.`),
  });

  command({
    name: 'db:status',
    description: 'list the migrations this version ships and whether each is applied (changes nothing)',
    run: () => context.services().migrationStatus(),
    json: (status) => ({ database: status.database, applied: status.applied, pending: status.pending, upToDate: status.pending.length === 0 }),
    text: (out, status) => {
      out.line(`Database: ${status.database}`);
      out.table(
        ['MIGRATION', 'STATE'],
        [...status.applied.map((name) => [name, out.paint('good', 'applied')]), ...status.pending.map((name) => [name, out.paint('warn', 'pending')])],
      );
      out.line(status.pending.length === 0 ? 'Up to date.' : `${status.pending.length} pending: run portcullis db:migrate (the server also applies them when it starts).`);
    },
  });
});
