import { IsOptional } from 'class-validator';
import { GrantFields, OptionalGrantFields } from './grant.dto';
import { CurrentPassword, RequiredText } from './field-rules';

export class CreateRoleBody extends GrantFields {
  @RequiredText('name', 50)
  name!: string;

  @CurrentPassword()
  currentPassword!: string;
}

export class UpdateRoleBody extends OptionalGrantFields {
  @IsOptional()
  @RequiredText('name', 50)
  name?: string;

  @CurrentPassword()
  currentPassword!: string;
}
