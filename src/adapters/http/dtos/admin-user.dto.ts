import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';
import { AdminPassword, CurrentPassword, EmailAddress, RequiredText } from './field-rules';

const USERNAME_MESSAGE = '"username" must be 1 to 40 letters, digits or . _ @ + -';

export class CreateAdminUserBody {
  @IsString({ message: USERNAME_MESSAGE })
  @Matches(/^[A-Za-z0-9._@+-]{1,40}$/, { message: USERNAME_MESSAGE })
  username!: string;

  @RequiredText('firstName', 255)
  firstName!: string;

  @RequiredText('lastName', 255)
  lastName!: string;

  @EmailAddress()
  email!: string;

  /** At least 7 characters with letters and digits. */
  @AdminPassword()
  password!: string;

  @RequiredText('roleId', 64)
  roleId!: string;

  @CurrentPassword()
  currentPassword!: string;
}

/** Fields not sent keep their value: profile, password reset, role change, (de)activation. */
export class UpdateAdminUserBody {
  @IsOptional()
  @RequiredText('firstName', 255)
  firstName?: string;

  @IsOptional()
  @RequiredText('lastName', 255)
  lastName?: string;

  @IsOptional()
  @EmailAddress()
  email?: string;

  /** A new password (reset). */
  @IsOptional()
  @AdminPassword()
  password?: string;

  @IsOptional()
  @RequiredText('roleId', 64)
  roleId?: string;

  @IsOptional()
  @IsBoolean({ message: '"active" must be true or false.' })
  active?: boolean;

  @CurrentPassword()
  currentPassword!: string;
}
