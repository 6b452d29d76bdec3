import { IsIn } from 'class-validator';
import { GrantFields } from './grant.dto';

/** A grant as an editor holds it before saving: its effective permissions are previewed. */
export class PreviewPermissionsBody extends GrantFields {
  // Declared again: the OpenAPI schema generator lists a class only by the rules it declares itself.
  @IsIn(['all', 'custom'], { message: '"resourceAccess" must be "all" or "custom".' })
  override resourceAccess!: 'all' | 'custom';
}
