import { IsIn, IsOptional } from 'class-validator';
import { MAX_GRANT_RESOURCES as MAX_RESOURCES } from '../../../application/access/grant-input';
import { ResourceIdList } from './field-rules';

/** "Resource Access": All, or Custom with the checked resources and the unchecked children. */
export abstract class GrantFields {
  @IsIn(['all', 'custom'], { message: '"resourceAccess" must be "all" or "custom".' })
  resourceAccess!: 'all' | 'custom';

  @IsOptional()
  @ResourceIdList('resources', MAX_RESOURCES)
  resources?: string[];

  @IsOptional()
  @ResourceIdList('excluded', MAX_RESOURCES)
  excluded?: string[];
}

/** The same fields, all optional (a partial update keeps what is not sent). */
export abstract class OptionalGrantFields {
  @IsOptional()
  @IsIn(['all', 'custom'], { message: '"resourceAccess" must be "all" or "custom".' })
  resourceAccess?: 'all' | 'custom';

  @IsOptional()
  @ResourceIdList('resources', MAX_RESOURCES)
  resources?: string[];

  @IsOptional()
  @ResourceIdList('excluded', MAX_RESOURCES)
  excluded?: string[];
}
