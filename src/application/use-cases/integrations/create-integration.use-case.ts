import { Integration, type IntegrationDetails } from '../../../domain/integration/integration.aggregate';
import { IntegrationNameTakenError } from '../../../domain/integration/integration.errors';
import { Role } from '../../../domain/role/role.aggregate';
import { SYSTEM_ACTOR, type Actor } from '../../access/actor';
import { type GrantInput } from '../../access/grant-input';
import { toIntegrationView, type ActivationResult, type IntegrationView } from './integration.views';
import { issueCredentials } from '../../credentials/issue-credentials';
import { type IntegrationServices } from './integration.services';
import { type IntegrationActivator } from './integration-activator';
import { applyPolicyInput, type CredentialPolicyInput } from './credential-policy-input';

export interface CreateIntegrationInput extends IntegrationDetails, GrantInput {
  /** Read-only access, expiry, client addresses, rate limit (none by default). */
  readonly policy?: CredentialPolicyInput;
  /** "Save and Activate": create and activate in one transaction. */
  readonly activate?: boolean;
  readonly actor?: Actor;
}

export interface SaveIntegrationOutput {
  readonly integration: IntegrationView;
  /** Present when `activate` was asked for. */
  readonly activation?: ActivationResult;
}

export type CreateIntegrationDeps = Pick<IntegrationServices, 'integrations' | 'roles' | 'unitOfWork' | 'policy' | 'clock' | 'random' | 'ids'> & { readonly activator: IntegrationActivator };

/** Registers an integration (status inactive) with its consumer and role; optionally activates it. */
export class CreateIntegration {
  constructor(private readonly deps: CreateIntegrationDeps) {}

  /**
   * @throws InvalidValueError bad name, email or URL (naming the field and value), or policy
   * @throws UnknownResourceError, InvalidGrantError, PrivilegeEscalationError for the access
   * @throws IntegrationNameTakenError
   */
  async execute(input: CreateIntegrationInput): Promise<SaveIntegrationOutput> {
    const { integrations, roles, unitOfWork, policy, activator, clock, random, ids } = this.deps;
    const actor = input.actor ?? SYSTEM_ACTOR;
    const now = clock.now();
    const integration = Integration.create({
      id: ids.next(),
      name: input.name,
      email: input.email,
      endpoint: input.endpoint ?? null,
      identityLinkUrl: input.identityLinkUrl ?? null,
      setupType: 'manual',
      credentials: issueCredentials(random),
      now,
    });
    const grant = await policy.grantRequestedBy(actor, input, `grant this access to integration "${integration.name}"`);
    const role = Role.forIntegration({ id: ids.next(), integrationId: integration.id, grant, now });
    applyPolicyInput(integration, role, input.policy, now, 'admin');

    const save = async (): Promise<void> => {
      if ((await integrations.findByName(integration.name)) !== null) throw new IntegrationNameTakenError(integration.name);
      await integrations.save(integration);
      await roles.save(role);
    };
    if (input.activate !== true) {
      return unitOfWork.run(async () => {
        await save();
        return { integration: toIntegrationView(integration, role) };
      });
    }
    return activator.run(integration.id, async (activate) => {
      await save();
      const activation = await activate(integration, 'activate');
      return { integration: toIntegrationView(integration, role), activation };
    });
  }
}
