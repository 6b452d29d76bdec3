import { RuleViolationError } from '../kernel/domain-error';

/** A set of credentials with two of one kind (a programming or storage error, never user input). */
export class CredentialKindRepeatedError extends RuleViolationError {
  readonly code = 'CREDENTIAL.KIND_REPEATED';
  constructor(kind: string) {
    super(`An integration holds at most one credential of each kind; "${kind}" was given twice.`, { kind });
  }
}

/** An operation needs a kind of credential the integration does not hold. */
export class CredentialMissingError extends RuleViolationError {
  readonly code = 'CREDENTIAL.MISSING';
  constructor(kind: string) {
    super(`The integration has no credential of kind "${kind}".`, { kind });
  }
}
