import { ForbiddenError } from '../../domain/kernel/domain-error';

export class ActorNotAllowedError extends ForbiddenError {
  readonly code = 'ACCESS.ACTOR_NOT_ALLOWED';
  constructor(reason: string) {
    super(`This admin user cannot act: ${reason}.`, {});
  }
}
