import { type UseCaseRegistry } from '../../application/use-case-registry';

/** The use cases the HTTP adapter calls: its groups of the registry the composition root builds. */
export type HttpUseCases = Pick<UseCaseRegistry, 'adminAuth' | 'integrations' | 'guard' | 'oauth' | 'roles' | 'adminUsers' | 'acl' | 'audit'>;
