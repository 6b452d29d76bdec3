import { type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { type UseCaseRegistry } from '../../application/use-case-registry';

/**
 * The use cases the CLI calls: its groups of the registry the composition root builds, and the
 * sign-in lock-out (the registry's `adminAuth.lockout`) under the name the admin commands use.
 */
export type CliUseCases = Pick<UseCaseRegistry, 'integrations' | 'config' | 'acl' | 'roles' | 'adminUsers' | 'audit'> & {
  /** The sign-in lock-out of admin usernames. */
  readonly signInLockout: SignInLockout;
};

/** The sign-in lock-out of one username, as the CLI shows it. */
export interface LockoutState {
  /** Consecutive failed sign-ins recorded. */
  readonly failures: number;
  /** When sign-in is refused until; null when it is not locked now. */
  readonly lockedUntil: Date | null;
}

/** Reading and clearing the sign-in lock-out (the AdminSignInLockout use case). */
export interface SignInLockout {
  state(username: string): Promise<LockoutState>;
  /** Forgets the failures and ends the lock; returns the state before. */
  clear(username: string): Promise<LockoutState>;
}

/** Where the database stands with respect to the migrations this version ships. */
export interface MigrationStatus {
  /** `sqlite`, `mysql` or `mariadb`. */
  readonly database: string;
  readonly applied: readonly string[];
  readonly pending: readonly string[];
}

/** What the integration declaration files say, and which files were read. */
export interface DeclarationFiles {
  readonly parts: readonly IntegrationDeclarationPart[];
  readonly files: readonly string[];
}

/** Options every command accepts (placed before or after the command name). */
export interface GlobalOptions {
  /** A JSON settings file, as `npm start -- --config`. */
  readonly config?: string;
}

/**
 * What the commands reach through the composition root. Nothing is opened before a command asks:
 * `--help` and usage errors never touch the database.
 */
export interface CliServices {
  /**
   * The use cases on the configured database, opened (and migrated, as the server does) on the
   * first call and reused after.
   */
  useCases(): Promise<CliUseCases>;
  /**
   * Reads the integration declaration files: these files and globs, else the configured ones.
   * @throws when neither is given (a settings problem), a file is missing, empty or wrong, or a
   *   glob matches no file
   */
  declaredIntegrations(patterns?: readonly string[]): DeclarationFiles;
  /** Applies pending migrations; returns the names applied, in order. */
  migrate(): Promise<readonly string[]>;
  /** Reads which migrations are applied, without changing anything. */
  migrationStatus(): Promise<MigrationStatus>;
  /** Runs the server as `npm start` does until SIGTERM or SIGINT; resolves with the exit code. */
  serve(): Promise<number>;
  /** Closes whatever was opened; safe to call when nothing was. */
  close(): Promise<void>;
}
