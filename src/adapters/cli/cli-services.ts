import { type IntegrationDeclarationPart } from '../../application/config-sync/config-declarations';
import { type SyncConfigIntegrations } from '../../application/config-sync/sync-config-integrations.use-case';
import { type GetAclTree } from '../../application/use-cases/acl/get-acl-tree.use-case';
import { type GetEffectivePermissions } from '../../application/use-cases/acl/get-effective-permissions.use-case';
import { type CreateAdminUser } from '../../application/use-cases/admin-users/create-admin-user.use-case';
import { type GetAdminUser } from '../../application/use-cases/admin-users/get-admin-user.use-case';
import { type ListAdminUsers } from '../../application/use-cases/admin-users/list-admin-users.use-case';
import { type UpdateAdminUser } from '../../application/use-cases/admin-users/update-admin-user.use-case';
import { type ActivateIntegration } from '../../application/use-cases/integrations/activate-integration.use-case';
import { type CreateIntegration } from '../../application/use-cases/integrations/create-integration.use-case';
import { type DeleteIntegration } from '../../application/use-cases/integrations/delete-integration.use-case';
import { type GetIntegrationCredentials } from '../../application/use-cases/integrations/get-integration-credentials.use-case';
import { type GetIntegration } from '../../application/use-cases/integrations/get-integration.use-case';
import { type ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { type ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { type RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { type UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';
import { type CreateRole } from '../../application/use-cases/roles/create-role.use-case';
import { type DeleteRole } from '../../application/use-cases/roles/delete-role.use-case';
import { type GetRole } from '../../application/use-cases/roles/get-role.use-case';
import { type ListRoles } from '../../application/use-cases/roles/list-roles.use-case';
import { type UpdateRole } from '../../application/use-cases/roles/update-role.use-case';

/** The use cases the CLI calls; the composition root supplies them (groups are added per command group). */
export interface CliUseCases {
  readonly integrations: {
    readonly list: ListIntegrations;
    readonly get: GetIntegration;
    readonly create: CreateIntegration;
    readonly update: UpdateIntegration;
    readonly delete: DeleteIntegration;
    readonly activate: ActivateIntegration;
    readonly reauthorize: ReauthorizeIntegration;
    readonly revoke: RevokeIntegration;
    readonly credentials: GetIntegrationCredentials;
  };
  readonly config: {
    readonly sync: SyncConfigIntegrations;
  };
  readonly acl: {
    readonly tree: GetAclTree;
    readonly effectivePermissions: GetEffectivePermissions;
  };
  readonly roles: {
    readonly list: ListRoles;
    readonly get: GetRole;
    readonly create: CreateRole;
    readonly update: UpdateRole;
    readonly delete: DeleteRole;
  };
  readonly adminUsers: {
    readonly list: ListAdminUsers;
    readonly get: GetAdminUser;
    readonly create: CreateAdminUser;
    readonly update: UpdateAdminUser;
  };
  /** The sign-in lock-out of admin usernames. */
  readonly signInLockout: SignInLockout;
}

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
