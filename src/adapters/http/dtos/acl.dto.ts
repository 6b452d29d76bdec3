import { GrantFields } from './grant.dto';

/** A grant as an editor holds it before saving: its effective permissions are previewed. */
export class PreviewPermissionsBody extends GrantFields {}
