import { constants, closeSync, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config';

/**
 * Refuses to start when the initial-password file's path is a symbolic link or anything but a
 * regular file: the first start would write the admin password wherever a planted link points.
 * Checked before the database is opened, so nothing is created when it fails.
 * @throws ConfigError naming the path.
 */
export function assertPasswordFilePathSafe(file: string): void {
  let stats;
  try {
    stats = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw new ConfigError(`${file} is a symbolic link; the admin password is never written through one. Remove it and start again.`);
  if (!stats.isFile()) throw new ConfigError(`${file} is not a regular file. Remove it and start again.`);
}

/**
 * Writes the first admin's password to a file only its owner can read: created afresh with
 * O_EXCL | O_NOFOLLOW and mode 0600, so it never follows a link nor reuses another file's mode (a
 * regular file left by an earlier database is removed first; unlinking never touches a link's target).
 * @returns null when written, else the error code (the password is still shown once).
 */
export function writePasswordFile(file: string, password: string): string | null {
  try {
    mkdirSync(dirname(file), { recursive: true });
    assertPasswordFilePathSafe(file);
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      writeSync(fd, `${password}\n`);
    } finally {
      closeSync(fd);
    }
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error instanceof ConfigError ? 'not a regular file' : String(error));
  }
}
