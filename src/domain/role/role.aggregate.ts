import { Grant, type GrantSnapshot } from '../acl/grant.value-object';
import { InvalidValueError } from '../shared/domain-error';
import { IntegrationRoleNotEditableError } from './role.errors';

/** `admin`: a group role admin users are assigned to; `integration`: the one role of an integration. */
export type RoleKind = 'admin' | 'integration';

export interface RoleSnapshot {
  readonly id: string;
  readonly name: string;
  readonly kind: RoleKind;
  /** The owning integration for `integration` roles; null for admin roles. */
  readonly integrationId: string | null;
  readonly grant: GrantSnapshot;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const MAX_NAME_LENGTH = 50;

/** A holder of a Grant over the shared ACL (Magento `authorization_role` with its rules). */
export class Role {
  private constructor(
    private state: Omit<RoleSnapshot, 'grant'>,
    private currentGrant: Grant,
  ) {}

  /**
   * @throws InvalidValueError for a blank name or one over 50 characters.
   */
  static createAdminRole(input: { id: string; name: string; grant: Grant; now: Date }): Role {
    return new Role(
      { id: input.id, name: validName(input.name), kind: 'admin', integrationId: null, createdAt: input.now, updatedAt: input.now },
      input.grant,
    );
  }

  /** The role holding an integration's resource access (Magento: role type `U`, user type integration). */
  static forIntegration(input: { id: string; integrationId: string; grant: Grant; now: Date }): Role {
    return new Role(
      {
        id: input.id,
        name: `integration:${input.integrationId}`,
        kind: 'integration',
        integrationId: input.integrationId,
        createdAt: input.now,
        updatedAt: input.now,
      },
      input.grant,
    );
  }

  static restore(snapshot: RoleSnapshot): Role {
    const { grant, ...state } = snapshot;
    return new Role({ ...state }, Grant.restore(grant));
  }

  toSnapshot(): RoleSnapshot {
    return { ...this.state, grant: this.currentGrant.toSnapshot() };
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }
  get kind(): RoleKind {
    return this.state.kind;
  }
  get integrationId(): string | null {
    return this.state.integrationId;
  }
  get grant(): Grant {
    return this.currentGrant;
  }

  /** Replaces the resource access (the caller has checked it against the tree and the actor). */
  changeGrant(grant: Grant, now: Date): void {
    this.currentGrant = grant;
    this.state = { ...this.state, updatedAt: now };
  }

  /**
   * @throws IntegrationRoleNotEditableError for an integration's role (its name is derived)
   * @throws InvalidValueError for a blank or too long name
   */
  rename(name: string, now: Date): void {
    this.assertAdminRole();
    this.state = { ...this.state, name: validName(name), updatedAt: now };
  }

  /** @throws IntegrationRoleNotEditableError when this role belongs to an integration. */
  assertAdminRole(): void {
    if (this.state.kind !== 'admin') throw new IntegrationRoleNotEditableError(this.state.id);
  }

  /** The access of a role nobody has given any yet: nothing. */
  static emptyGrant(): Grant {
    return Grant.none();
  }

  static nameKey(name: string): string {
    return name.trim().toLowerCase();
  }
}

function validName(raw: string): string {
  const name = typeof raw === 'string' ? raw.trim() : '';
  if (name.length === 0) throw new InvalidValueError('VALIDATION.REQUIRED', '"name" is required. Enter and try again.', { field: 'name' });
  if (name.length > MAX_NAME_LENGTH) {
    throw new InvalidValueError('VALIDATION.NAME_INVALID', `"name" of a role must be at most ${MAX_NAME_LENGTH} characters long.`, {
      field: 'name',
      value: name,
    });
  }
  return name;
}
