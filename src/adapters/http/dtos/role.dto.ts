import { IsBoolean, IsOptional } from 'class-validator';
import { GrantFields, OptionalGrantFields } from './grant.dto';
import { CurrentPassword, RequiredText } from './field-rules';

export class CreateRoleBody extends GrantFields {
  @RequiredText('name', 50)
  name!: string;

  /** Its admins may only read (GET, HEAD, OPTIONS) what the access allows. */
  @IsOptional()
  @IsBoolean({ message: '"readOnly" must be true or false.' })
  readOnly?: boolean;

  @CurrentPassword()
  currentPassword!: string;
}

export class UpdateRoleBody extends OptionalGrantFields {
  @IsOptional()
  @RequiredText('name', 50)
  name?: string;

  @IsOptional()
  @IsBoolean({ message: '"readOnly" must be true or false.' })
  readOnly?: boolean;

  @CurrentPassword()
  currentPassword!: string;
}
