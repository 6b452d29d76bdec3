import { IntegrationNameTakenError } from '../../../domain/integration/integration.errors';
import { Role } from '../../../domain/role/role.aggregate';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { changedGrantInput, type GrantInput } from '../../access/grant-input';
import { type SaveIntegrationOutput } from './create-integration.use-case';
import { type Activate, type IntegrationActivator } from './integration-activator';
import { toIntegrationView } from './integration.views';
import { applyPolicyInput, type CredentialPolicyInput } from './credential-policy-input';
import { type IntegrationServices } from './integration.services';

export interface UpdateIntegrationInput extends Partial<GrantInput> {
  readonly id: string;
  /** Omitted fields keep their value; `null` or '' clears an optional URL. */
  readonly name?: string;
  readonly email?: string;
  readonly endpoint?: string | null;
  readonly identityLinkUrl?: string | null;
  /** The parts of the credential policy to change (absent parts stay). */
  readonly policy?: CredentialPolicyInput;
  /** "Save and Activate": activates (or, when active, reauthorizes) in the same transaction. */
  readonly activate?: boolean;
  readonly actor?: Actor;
}

export type UpdateIntegrationDeps = Pick<IntegrationServices, 'integrations' | 'roles' | 'unitOfWork' | 'policy' | 'access' | 'clock' | 'ids'> & { readonly activator: IntegrationActivator };

/** Edits a manually created integration's details and/or resource access. */
export class UpdateIntegration {
  constructor(private readonly deps: UpdateIntegrationDeps) {}

  /**
   * @throws IntegrationNotFoundError
   * @throws IntegrationConfigManagedError for an integration declared in a configuration file
   * @throws InvalidValueError, IntegrationNameTakenError, UnknownResourceError,
   *   InvalidGrantError, PrivilegeEscalationError (as CreateIntegration)
   */
  async execute(input: UpdateIntegrationInput): Promise<SaveIntegrationOutput> {
    const { integrations, roles, unitOfWork, policy, access, activator, clock, ids } = this.deps;
    const actor = input.actor ?? SYSTEM_ACTOR;
    const work = async (activate: Activate | null): Promise<SaveIntegrationOutput> => {
      const loaded = await access.load(input, 'edit');
      const { integration } = loaded;
      integration.assertManuallyManaged('edit');
      const now = clock.now();
      const before = integration.toSnapshot();
      integration.update(
        {
          name: input.name ?? before.name,
          email: input.email ?? before.email,
          endpoint: input.endpoint === undefined ? before.endpoint : input.endpoint,
          identityLinkUrl: input.identityLinkUrl === undefined ? before.identityLinkUrl : input.identityLinkUrl,
        },
        now,
      );
      const holder = await integrations.findByName(integration.name);
      if (holder !== null && holder.id !== integration.id) throw new IntegrationNameTakenError(integration.name);

      const requested = changedGrantInput(input);
      let role = loaded.role;
      if (requested !== undefined || input.policy !== undefined) {
        const grant = requested === undefined ? loaded.grant : await policy.grantRequestedBy(actor, requested, `grant this access to integration "${integration.name}"`);
        role ??= Role.forIntegration({ id: ids.next(), integrationId: integration.id, grant, now });
        role.changeGrant(grant, now);
        applyPolicyInput(integration, role, input.policy, now, 'admin');
        await roles.save(role);
      }
      await integrations.save(integration);
      if (activate === null) return { integration: toIntegrationView(integration, role) };
      const activation = await activate(integration, integration.status === 'active' ? 'reauthorize' : 'activate');
      return { integration: toIntegrationView(integration, role), activation };
    };
    return input.activate === true ? activator.run(input.id, work) : unitOfWork.run(() => work(null));
  }
}
