import { ConflictError, RuleViolationError, unknownIdError } from '../kernel/domain-error';

export class IntegrationNameTakenError extends ConflictError {
  readonly code = 'INTEGRATION.NAME_TAKEN';
  constructor(name: string) {
    super(`The integration with name "${name}" exists.`, { name });
  }
}

export class IntegrationNotFoundError extends unknownIdError('INTEGRATION.NOT_FOUND', 'integration') {}

export class IntegrationConfigManagedError extends RuleViolationError {
  readonly code = 'INTEGRATION.CONFIG_MANAGED';
  constructor(name: string, action: 'edit' | 'delete') {
    super(
      action === 'delete'
        ? `Uninstall the extension to remove integration "${name}": it is declared in a configuration file.`
        : `Cannot edit integrations created via config file: "${name}" is changed only by its configuration file.`,
      { name, action },
    );
  }
}

export class IntegrationAlreadyActiveError extends ConflictError {
  readonly code = 'INTEGRATION.ALREADY_ACTIVE';
  constructor(name: string) {
    super(`The integration "${name}" is already active; reauthorize it to issue new tokens.`, { name });
  }
}

export class IntegrationNotActivatedError extends RuleViolationError {
  readonly code = 'INTEGRATION.NOT_ACTIVATED';
  constructor(name: string) {
    super(`The integration "${name}" has never been activated; activate it first.`, { name });
  }
}

export class IntegrationUsesTokenExchangeError extends RuleViolationError {
  readonly code = 'INTEGRATION.TOKEN_EXCHANGE_REQUIRED';
  constructor(name: string) {
    super(
      `The integration "${name}" has a callback URL and an identity link URL, so it is activated through the OAuth token exchange, not locally.`,
      { name },
    );
  }
}

export class IntegrationNotInExchangeError extends RuleViolationError {
  readonly code = 'INTEGRATION.NO_EXCHANGE_IN_PROGRESS';
  constructor(name: string) {
    super(`The integration "${name}" has no token exchange in progress.`, { name });
  }
}

export class IntegrationHasNoTokenExchangeError extends RuleViolationError {
  readonly code = 'INTEGRATION.NO_TOKEN_EXCHANGE';
  constructor(name: string) {
    super(`The integration "${name}" needs both a callback URL and an identity link URL for the OAuth token exchange.`, { name });
  }
}

export class IntegrationOrphanedError extends ConflictError {
  readonly code = 'INTEGRATION.ORPHANED';
  constructor(name: string) {
    super(
      `The integration "${name}" is no longer declared in any configuration file, so it cannot be activated: declare it again, or delete it.`,
      { name },
    );
  }
}
