import { type Credential } from '../../domain/credentials/credential';
import { type RandomSource } from '../ports/random-source.port';

/**
 * The credentials a new integration is given, whoever creates it (an admin, the API, the CLI, a
 * configuration file): today an OAuth 1.0a consumer key and secret (32 characters each).
 */
export function issueCredentials(random: RandomSource): readonly Credential[] {
  return [{ kind: 'oauth1', key: random.token(), secret: random.token() }];
}
