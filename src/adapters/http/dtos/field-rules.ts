import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** "Your Password": the acting admin's password, asked on every save (as Magento does). */
export function CurrentPassword(): PropertyDecorator {
  return (target, key) => {
    IsString({ message: '"currentPassword" (your own password) is required to save.' })(target, key);
    IsNotEmpty({ message: '"currentPassword" (your own password) is required to save.' })(target, key);
    MaxLength(256, { message: '"currentPassword" is too long.' })(target, key);
  };
}

/** A required, non-blank string of at most `max` characters. */
export function RequiredText(field: string, max: number): PropertyDecorator {
  return (target, key) => {
    IsString({ message: `"${field}" is required and must be text.` })(target, key);
    IsNotEmpty({ message: `"${field}" is required. Enter and try again.` })(target, key);
    MaxLength(max, { message: `"${field}" must be at most ${max} characters long.` })(target, key);
  };
}

export const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'], require_tld: false, require_valid_protocol: true };
