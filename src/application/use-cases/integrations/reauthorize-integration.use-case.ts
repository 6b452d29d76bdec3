import { ActivateIntegration, type ActivateIntegrationInput, type ActivateIntegrationOutput } from './activate-integration.use-case';
import { type IntegrationAccess } from './integration-access';
import { type IntegrationActivator } from './integration-activator';

export type ReauthorizeIntegrationInput = ActivateIntegrationInput;
export type ReauthorizeIntegrationOutput = ActivateIntegrationOutput;

/**
 * Reauthorizes an integration: the consumer key and secret stay; the old access token stops
 * working and a new one is issued locally, or the token exchange runs again (status inactive
 * until it completes). Throws IntegrationNotActivatedError (activate it first) for an
 * integration never activated.
 */
export class ReauthorizeIntegration extends ActivateIntegration {
  constructor(access: IntegrationAccess, activator: IntegrationActivator) {
    super(access, activator, 'reauthorize');
  }
}
