import { type QueryRunner } from 'typeorm';
import { usernameKey } from '../../../domain/admin-session/sign-in-lockout';
import { AdminUser } from '../../../domain/admin-user/admin-user.aggregate';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { Role } from '../../../domain/role/role.aggregate';
import { characterCount } from '../../../domain/kernel/text';

/**
 * Recomputes every stored comparison key with the domain's one key rule (issue 16), for the
 * `NameKeys` migrations of both dialects. Keys used to be `trim().toLowerCase()`.
 *
 * Names that now share a key (`Cafe` and `Café` on SQLite, `Acme Sync` and `Acme  Sync`) cannot
 * both keep it: the oldest row (created first, then smallest id) keeps its name; each later one is
 * renamed with a suffix, ` (2)`, ` (3)`... (`-2` for usernames, whose pattern has no space), so that
 * every row still loads, saves and can be told apart by people. Names are otherwise left as
 * stored. Sign-in failure counters that now share a key are merged (most failures, latest lock).
 */
export async function recomputeNameKeys(queryRunner: QueryRunner, quote: (identifier: string) => string): Promise<void> {
  const spaced = (n: number): string => ` (${n})`;
  await rekey(queryRunner, quote, { table: 'integration', nameColumn: 'name', keyColumn: 'name_key', where: '', width: 255, keyOf: (name) => IntegrationName.keyOf(name), suffix: spaced });
  await rekey(queryRunner, quote, {
    table: 'authorization_role',
    nameColumn: 'name',
    keyColumn: 'name_key',
    where: `WHERE ${quote('kind')} = 'admin'`,
    width: 255,
    keyOf: (name) => Role.nameKey(name),
    suffix: spaced,
  });
  await rekey(queryRunner, quote, {
    table: 'admin_user',
    nameColumn: 'username',
    keyColumn: 'username_key',
    where: '',
    width: 40,
    keyOf: (name) => AdminUser.usernameKey(name),
    suffix: (n) => `-${n}`,
  });
  await mergeSignInFailures(queryRunner, quote);
}

interface KeyedTable {
  readonly table: string;
  readonly nameColumn: string;
  readonly keyColumn: string;
  readonly where: string;
  /** Characters of both the name and the key column. */
  readonly width: number;
  readonly keyOf: (name: string) => string;
  readonly suffix: (n: number) => string;
}

interface KeyedRow {
  readonly id: string;
  readonly name: string;
  readonly key: string | null;
}

async function rekey(queryRunner: QueryRunner, quote: (identifier: string) => string, spec: KeyedTable): Promise<void> {
  const { table, nameColumn, keyColumn, where, width, keyOf, suffix } = spec;
  const rows = (await queryRunner.query(
    `SELECT ${quote('id')} AS ${quote('id')}, ${quote(nameColumn)} AS ${quote('name')}, ${quote(keyColumn)} AS ${quote('key')} ` +
      `FROM ${quote(table)} ${where} ORDER BY ${quote('created_at')}, ${quote('id')}`,
  )) as KeyedRow[];
  const taken = new Set<string>();
  const changes: Array<{ id: string; name: string; key: string }> = [];
  for (const row of rows) {
    let name = row.name;
    let key = cut(keyOf(name), width);
    for (let n = 2; taken.has(key); n += 1) {
      const end = suffix(n);
      name = `${cut(row.name, width - characterCount(end))}${end}`;
      key = cut(keyOf(name), width);
    }
    taken.add(key);
    if (name !== row.name || key !== row.key) changes.push({ id: row.id, name, key });
  }
  // Two passes: a new key may be another changed row's old key until that row moves.
  const update = `UPDATE ${quote(table)} SET ${quote(nameColumn)} = ?, ${quote(keyColumn)} = ? WHERE ${quote('id')} = ?`;
  for (const change of changes) await queryRunner.query(update, [change.name, `\u001f${change.id}`, change.id]);
  for (const change of changes) await queryRunner.query(update, [change.name, change.key, change.id]);
}

interface FailureRow {
  readonly key: string;
  readonly failures: number | string;
  readonly lock: Date | string | null;
}

async function mergeSignInFailures(queryRunner: QueryRunner, quote: (identifier: string) => string): Promise<void> {
  const table = quote('sign_in_failure');
  const rows = (await queryRunner.query(
    `SELECT ${quote('username_key')} AS ${quote('key')}, ${quote('failures_count')} AS ${quote('failures')}, ${quote('lock_expires_at')} AS ${quote('lock')} FROM ${table}`,
  )) as FailureRow[];
  const groups = new Map<string, FailureRow[]>();
  for (const row of rows) {
    const key = usernameKey(row.key);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const [key, group] of groups) {
    if (group.length === 1 && group[0]?.key === key) continue;
    const failures = Math.max(...group.map((row) => Number(row.failures)));
    const lock = group.map((row) => row.lock).reduce((latest, next) => (next !== null && (latest === null || time(next) > time(latest)) ? next : latest), null);
    for (const row of group) await queryRunner.query(`DELETE FROM ${table} WHERE ${quote('username_key')} = ?`, [row.key]);
    await queryRunner.query(`INSERT INTO ${table} (${quote('username_key')}, ${quote('failures_count')}, ${quote('lock_expires_at')}) VALUES (?, ?, ?)`, [key, failures, lock]);
  }
}

function cut(text: string, width: number): string {
  return Array.from(text).slice(0, width).join('');
}

/** SQLite answers dates as text (`2026-01-02 03:04:05.678`, UTC), MySQL as Date. */
function time(value: Date | string): number {
  return value instanceof Date ? value.getTime() : Date.parse(`${value.replace(' ', 'T')}Z`);
}
