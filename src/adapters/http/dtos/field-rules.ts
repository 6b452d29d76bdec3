import { ArrayMaxSize, IsArray, IsEmail, IsNotEmpty, IsString, IsUrl, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { RESOURCE_ID_PATTERN } from '../../../domain/acl/resource-id';
import { assertStrongPassword } from '../../../domain/admin-user/admin-password';
import { IntegrationName } from '../../../domain/integration/integration-name.value-object';
import { DomainError } from '../../../domain/kernel/domain-error';
import { EmailAddress as Email } from '../../../domain/kernel/email.value-object';
import { HttpUrl as Url } from '../../../domain/kernel/http-url.value-object';
import { findRefusedCharacter, refusedCharacterMessage } from '../../../domain/kernel/text';

/** "Your Password": the acting admin's password, asked on every save (as Magento does). */
export function CurrentPassword(): PropertyDecorator {
  return (target, key) => {
    IsString({ message: '"currentPassword" is required: enter your own password to save.' })(target, key);
    IsNotEmpty({ message: '"currentPassword" is required: enter your own password to save.' })(target, key);
    MaxLength(256, { message: '"currentPassword" is too long.' })(target, key);
  };
}

/**
 * The core's own rule for a field (a value object's `create`, a domain check), applied at the
 * edge after the field's type and format rules: whatever the core would refuse is named in the
 * same 400 as every other invalid field, instead of on the next try (issue 17.6). Strings only;
 * the other rules report a missing or mistyped value. With `{ each: true }` on a list, the message
 * is the core's for the first entry it refuses.
 */
export function DomainRule(check: (value: string) => unknown, options?: ValidationOptions): PropertyDecorator {
  const problem = (value: unknown): string | null => {
    if (typeof value !== 'string') return null;
    try {
      check(value);
      return null;
    } catch (error) {
      if (error instanceof DomainError) return error.message;
      throw error;
    }
  };
  // With `each`, the message is asked of the whole list: it is the first refused entry's.
  const message = (value: unknown): string => (Array.isArray(value) ? value : [value]).map(problem).find((text) => text !== null) ?? 'The value is refused.';
  return ValidateBy({
    name: 'domainRule',
    validator: { validate: (value: unknown) => problem(value) === null, defaultMessage: (args) => message(args?.value) } },
    options,
  );
}

/** A new admin password: text, and the domain's password rule (at least 7 characters, letters and digits). */
export function AdminPassword(): PropertyDecorator {
  return (target, key) => {
    IsString({ message: '"password" is required and must be text.' })(target, key);
    DomainRule(assertStrongPassword)(target, key);
  };
}

/** An integration's name: required plain text of at most 255 characters, as `IntegrationName` takes it. */
export function IntegrationNameText(): PropertyDecorator {
  return (target, key) => {
    RequiredText('name', 255)(target, key);
    DomainRule((value) => IntegrationName.create(value))(target, key);
  };
}

/**
 * The domain's text rule (src/domain/kernel/text.ts) at the edge: no control, invisible or
 * bidirectional character inside the value (surrounding blanks are trimmed by the core). The 400
 * names the field and the character by code point, never the character itself.
 */
export function PlainText(field: string): PropertyDecorator {
  return ValidateBy({
    name: 'plainText',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || findRefusedCharacter(value.trim()) === null,
      defaultMessage: (args) => {
        const found = typeof args?.value === 'string' ? findRefusedCharacter(args.value.trim()) : null;
        return found === null ? `"${field}" must be plain text.` : refusedCharacterMessage(field, found);
      },
    },
  });
}

/** A required, non-blank string of at most `max` characters, of plain text. */
export function RequiredText(field: string, max: number): PropertyDecorator {
  return (target, key) => {
    IsString({ message: `"${field}" is required and must be text.` })(target, key);
    IsNotEmpty({ message: `"${field}" is required. Enter and try again.` })(target, key);
    // Blanks only count as missing too, so that a 400 names this field beside the others.
    Matches(/\S/, { message: `"${field}" is required. Enter and try again.` })(target, key);
    PlainText(field)(target, key);
    MaxLength(max, { message: `"${field}" must be at most ${max} characters long.` })(target, key);
  };
}

export const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'], require_tld: false, require_valid_protocol: true };

/*
 * The helpers below register their rules in the order written: the first rule a value breaks is
 * the one its 400 names (see validation.ts), so the type or format check comes before the length
 * check. (Stacked decorators register bottom-up: a missing email was told it was too long.)
 */

/** A valid email address of at most 254 characters. */
export function EmailAddress(): PropertyDecorator {
  return (target, key) => {
    PlainText('email')(target, key);
    IsEmail({}, { message: '"email" must be a valid email address.' })(target, key);
    MaxLength(254, { message: '"email" must be at most 254 characters long.' })(target, key);
    DomainRule((value) => Email.create(value, 'email'))(target, key);
  };
}

/** An absolute http(s) URL of at most 255 characters. */
export function HttpUrl(field: string): PropertyDecorator {
  return (target, key) => {
    PlainText(field)(target, key);
    IsUrl(URL_OPTIONS, { message: `"${field}" must be an absolute http:// or https:// URL.` })(target, key);
    MaxLength(255, { message: `"${field}" must be at most 255 characters long.` })(target, key);
    DomainRule((value) => Url.createOptional(value, field))(target, key);
  };
}

/** A list of at most `max` resource ids, each of the form Vendor_Module::resource. */
export function ResourceIdList(field: string, max: number): PropertyDecorator {
  return (target, key) => {
    IsArray({ message: `"${field}" must be a list of resource ids.` })(target, key);
    IsString({ each: true, message: `"${field}" must be a list of resource ids.` })(target, key);
    Matches(RESOURCE_ID_PATTERN, { each: true, message: `"${field}" lists an invalid resource id: each must look like Vendor_Module::resource.` })(target, key);
    ArrayMaxSize(max, { message: `"${field}" may list at most ${max} ids.` })(target, key);
  };
}
