import { Grant, type GrantSnapshot } from '../acl/grant.value-object';
import { InvalidValueError } from '../kernel/domain-error';
import { AggregateRoot } from '../kernel/aggregate-root';
import { characterCount, comparisonKey, excerpt, MAX_KEY_LENGTH, normaliseText } from '../kernel/text';
import { IntegrationRoleNotEditableError } from './role.errors';
import { type RoleEvent } from './role.events';

/** `admin`: a group role admin users are assigned to; `integration`: the one role of an integration. */
export type RoleKind = 'admin' | 'integration';

export interface RoleSnapshot {
  readonly id: string;
  readonly name: string;
  readonly kind: RoleKind;
  /** The owning integration for `integration` roles; null for admin roles. */
  readonly integrationId: string | null;
  readonly grant: GrantSnapshot;
  /** Only safe methods (GET, HEAD, OPTIONS) on what the grant allows; anything else is refused. */
  readonly readOnly: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const MAX_NAME_LENGTH = 50;

/**
 * A holder of a Grant over the shared ACL (Magento `authorization_role` with its rules). Its
 * mutators record what happened (`RoleEvent`, src/domain/role/role.events.ts).
 */
export class Role extends AggregateRoot<Omit<RoleSnapshot, 'grant'>, RoleEvent> {
  private constructor(
    state: Omit<RoleSnapshot, 'grant'>,
    private currentGrant: Grant,
  ) {
    super(state);
  }

  /**
   * @throws InvalidValueError for a blank name, one over 50 characters, or one with a control,
   * invisible or bidirectional character (`VALIDATION.CHARACTER_NOT_ALLOWED`).
   */
  static createAdminRole(input: { id: string; name: string; grant: Grant; readOnly?: boolean; now: Date }): Role {
    const role = new Role(
      { id: input.id, name: validName(input.name), kind: 'admin', integrationId: null, readOnly: input.readOnly ?? false, createdAt: input.now, updatedAt: input.now },
      input.grant,
    );
    role.record('RoleCreated', input.now, { ...role.ref(), grant: input.grant.toSnapshot() });
    return role;
  }

  /** The role holding an integration's resource access (Magento: role type `U`, user type integration). */
  static forIntegration(input: { id: string; integrationId: string; grant: Grant; readOnly?: boolean; now: Date }): Role {
    const role = new Role(
      {
        id: input.id,
        name: `integration:${input.integrationId}`,
        kind: 'integration',
        integrationId: input.integrationId,
        readOnly: input.readOnly ?? false,
        createdAt: input.now,
        updatedAt: input.now,
      },
      input.grant,
    );
    role.record('RoleCreated', input.now, { ...role.ref(), grant: input.grant.toSnapshot() });
    return role;
  }

  /** Rebuilds a stored role; records nothing. */
  static restore(snapshot: RoleSnapshot): Role {
    const { grant, ...state } = snapshot;
    return new Role({ ...state }, Grant.restore(grant));
  }

  toSnapshot(): RoleSnapshot {
    return { ...this.state, grant: this.currentGrant.toSnapshot() };
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
  /** Only safe methods (GET, HEAD, OPTIONS) may be used, on what the grant allows. */
  get readOnly(): boolean {
    return this.state.readOnly;
  }

  /** Makes it read-only or lets it write again; `RoleReadOnlyChanged` is recorded on a change. */
  changeReadOnly(readOnly: boolean, now: Date): void {
    if (readOnly === this.state.readOnly) return;
    this.state = { ...this.state, readOnly, updatedAt: now };
    this.record('RoleReadOnlyChanged', now, { ...this.ref(), readOnly });
  }

  /**
   * Replaces the resource access (the caller has checked it against the tree and the actor).
   * `RoleGrantChanged` is recorded when the new grant differs from the current one.
   */
  changeGrant(grant: Grant, now: Date): void {
    const previous = this.currentGrant;
    this.currentGrant = grant;
    this.state = { ...this.state, updatedAt: now };
    if (!grant.equals(previous)) this.record('RoleGrantChanged', now, { ...this.ref(), previousGrant: previous.toSnapshot(), grant: grant.toSnapshot() });
  }

  /**
   * @throws IntegrationRoleNotEditableError for an integration's role (its name is derived)
   * @throws InvalidValueError for a blank or too long name
   */
  rename(name: string, now: Date): void {
    this.assertAdminRole();
    const previousRoleName = this.state.name;
    this.state = { ...this.state, name: validName(name), updatedAt: now };
    if (this.state.name !== previousRoleName) this.record('RoleRenamed', now, { ...this.ref(), previousRoleName });
  }

  /**
   * Records its deletion (`RoleDeleted`). The caller deletes it from the repository and hands the
   * event over (`pullEvents`), since a deletion saves nothing.
   */
  markDeleted(now: Date): void {
    this.record('RoleDeleted', now, this.ref());
  }

  /** @throws IntegrationRoleNotEditableError when this role belongs to an integration. */
  assertAdminRole(): void {
    if (this.state.kind !== 'admin') throw new IntegrationRoleNotEditableError(this.state.id);
  }

  /** The access of a role nobody has given any yet: nothing. */
  static emptyGrant(): Grant {
    return Grant.none();
  }

  /**
   * The key admin role names are unique on: equal keys are the same name (ignoring case, accents,
   * compatibility forms and spacing; see `comparisonKey` in src/domain/kernel/text.ts).
   */
  static nameKey(name: string): string {
    return comparisonKey(name);
  }

  /** What every role event says of it: which role, as it is after the change. */
  private ref(): { readonly roleName: string; readonly kind: RoleKind; readonly integrationId: string | null } {
    return { roleName: this.state.name, kind: this.state.kind, integrationId: this.state.integrationId };
  }
}

/** By the text rule (src/domain/kernel/text.ts), 1..50 characters, with a key that fits its column. */
function validName(raw: string): string {
  const name = normaliseText(raw, 'name');
  if (name.length === 0) throw new InvalidValueError('VALIDATION.REQUIRED', '"name" is required. Enter and try again.', { field: 'name' });
  if (characterCount(name) > MAX_NAME_LENGTH) {
    throw new InvalidValueError('VALIDATION.NAME_INVALID', `"name" of a role must be at most ${MAX_NAME_LENGTH} characters long.`, {
      field: 'name',
      value: excerpt(name),
    });
  }
  if (characterCount(Role.nameKey(name)) > MAX_KEY_LENGTH) {
    throw new InvalidValueError(
      'VALIDATION.NAME_INVALID',
      `"name" of a role is too long: compared ignoring case and accents it has more than ${MAX_KEY_LENGTH} characters.`,
      { field: 'name', value: excerpt(name) },
    );
  }
  return name;
}
