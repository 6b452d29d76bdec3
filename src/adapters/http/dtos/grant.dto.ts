import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString } from 'class-validator';

const MAX_RESOURCES = 5000;

/** "Resource Access": All, or Custom with the checked resources and the unchecked children. */
export abstract class GrantFields {
  @IsIn(['all', 'custom'], { message: '"resourceAccess" must be "all" or "custom".' })
  resourceAccess!: 'all' | 'custom';

  @IsOptional()
  @IsArray({ message: '"resources" must be a list of resource ids.' })
  @ArrayMaxSize(MAX_RESOURCES, { message: `"resources" may list at most ${MAX_RESOURCES} ids.` })
  @IsString({ each: true, message: '"resources" must be a list of resource ids.' })
  resources?: string[];

  @IsOptional()
  @IsArray({ message: '"excluded" must be a list of resource ids.' })
  @ArrayMaxSize(MAX_RESOURCES, { message: `"excluded" may list at most ${MAX_RESOURCES} ids.` })
  @IsString({ each: true, message: '"excluded" must be a list of resource ids.' })
  excluded?: string[];
}

/** The same fields, all optional (a partial update keeps what is not sent). */
export abstract class OptionalGrantFields {
  @IsOptional()
  @IsIn(['all', 'custom'], { message: '"resourceAccess" must be "all" or "custom".' })
  resourceAccess?: 'all' | 'custom';

  @IsOptional()
  @IsArray({ message: '"resources" must be a list of resource ids.' })
  @ArrayMaxSize(MAX_RESOURCES, { message: `"resources" may list at most ${MAX_RESOURCES} ids.` })
  @IsString({ each: true, message: '"resources" must be a list of resource ids.' })
  resources?: string[];

  @IsOptional()
  @IsArray({ message: '"excluded" must be a list of resource ids.' })
  @ArrayMaxSize(MAX_RESOURCES, { message: `"excluded" may list at most ${MAX_RESOURCES} ids.` })
  @IsString({ each: true, message: '"excluded" must be a list of resource ids.' })
  excluded?: string[];
}
