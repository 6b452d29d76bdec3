import { type ActivateIntegration } from '../../application/use-cases/integrations/activate-integration.use-case';
import { type CreateIntegration } from '../../application/use-cases/integrations/create-integration.use-case';
import { type DeleteIntegration } from '../../application/use-cases/integrations/delete-integration.use-case';
import { type GetIntegrationCredentials } from '../../application/use-cases/integrations/get-integration-credentials.use-case';
import { type GetIntegration } from '../../application/use-cases/integrations/get-integration.use-case';
import { type ListIntegrations } from '../../application/use-cases/integrations/list-integrations.use-case';
import { type ReauthorizeIntegration } from '../../application/use-cases/integrations/reauthorize-integration.use-case';
import { type RevokeIntegration } from '../../application/use-cases/integrations/revoke-integration.use-case';
import { type UpdateIntegration } from '../../application/use-cases/integrations/update-integration.use-case';

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
}

/** Where the database stands with respect to the migrations this version ships. */
export interface MigrationStatus {
  /** `sqlite`, `mysql` or `mariadb`. */
  readonly database: string;
  readonly applied: readonly string[];
  readonly pending: readonly string[];
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
  /** Applies pending migrations; returns the names applied, in order. */
  migrate(): Promise<readonly string[]>;
  /** Reads which migrations are applied, without changing anything. */
  migrationStatus(): Promise<MigrationStatus>;
  /** Runs the server as `npm start` does until SIGTERM or SIGINT; resolves with the exit code. */
  serve(): Promise<number>;
  /** Closes whatever was opened; safe to call when nothing was. */
  close(): Promise<void>;
}
