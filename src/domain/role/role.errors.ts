import { ConflictError, RuleViolationError, unknownIdError } from '../kernel/domain-error';

export class RoleNameTakenError extends ConflictError {
  readonly code = 'ROLE.NAME_TAKEN';
  constructor(name: string) {
    super(`A role named "${name}" already exists.`, { name });
  }
}

export class RoleNotFoundError extends unknownIdError('ROLE.NOT_FOUND', 'role') {}

export class IntegrationRoleNotEditableError extends RuleViolationError {
  readonly code = 'ROLE.INTEGRATION_ROLE';
  constructor(id: string) {
    super(`The role "${id}" belongs to an integration; change it through the integration.`, { id });
  }
}

export class SelfAssignedRoleError extends RuleViolationError {
  readonly code = 'ROLE.SELF_ASSIGNED';
  constructor(name: string) {
    super(`You cannot delete self-assigned roles: "${name}" is your own role.`, { name });
  }
}

/** Changing the access of one's own role could lock every admin out; another admin must do it. */
export class OwnRoleAccessChangeError extends RuleViolationError {
  readonly code = 'ROLE.OWN_ROLE_ACCESS';
  constructor(name: string) {
    super(`You cannot change the resource access of your own role "${name}"; ask another administrator.`, { name });
  }
}
