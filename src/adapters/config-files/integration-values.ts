import { shown } from '../../application/config-sync/config-declarations';
import { PORTCULLIS_RESOURCE_PREFIX } from '../../domain/acl/portcullis-resources';

/* The value rules of Magento's integration_base.xsd (and config.xsd / api.xsd), shared by every
   integration file format, with the API's length limits checked first (a megabyte-long value is
   refused before any pattern or the core's rules run on it). Each check takes the trimmed value
   and returns what is wrong, or null. */

/** The API's limits: integration name 255 characters, email 254, URLs 255. */
const MAX_LENGTH = { name: 255, email: 254, url: 255 } as const;

/** integrationNameType: at least 2 characters; at most 255. */
export function integrationNameProblem(name: string): string | null {
  if (isLongerThan(name, MAX_LENGTH.name)) return tooLong('integration name', name, MAX_LENGTH.name);
  return [...name.slice(0, 2)].length >= 2 ? null : `integration name "${shown(name)}" is too short; it needs at least 2 characters`;
}

/** emailType: `[^@]+@[^\.]+\..+`; at most 254 characters. */
export function emailProblem(email: string): string | null {
  if (isLongerThan(email, MAX_LENGTH.email)) return tooLong('email', email, MAX_LENGTH.email);
  return /^[^@]+@[^.]+\..+$/.test(email) ? null : `email "${shown(email)}" is not an email address (expected name@domain.tld)`;
}

/** urlType: an xs:anyURI of at least 4 characters; at most 255. */
export function urlProblem(url: string, what: string): string | null {
  if (isLongerThan(url, MAX_LENGTH.url)) return tooLong(what, url, MAX_LENGTH.url);
  return [...url.slice(0, 4)].length >= 4 ? null : `${what} "${shown(url)}" is too short; it needs at least 4 characters`;
}

/** More than `max` characters (code points), counting no further than needed. */
function isLongerThan(value: string, max: number): boolean {
  if (value.length <= max) return false;
  let count = 0;
  for (const _char of value) if (++count > max) return true;
  return false;
}

function tooLong(what: string, value: string, max: number): string {
  return `${what} "${shown(value)}" is too long; it may have at most ${max} characters`;
}

/** The longest resource id that can be stored (and so granted). */
export const MAX_RESOURCE_NAME_LENGTH = 255;

/**
 * resourceNameType: `.+_.+::.+` (Vendor_Module::resource), at most 255 characters; Portcullis's
 * own resources (`Portcullis::integrations`…) too, so that an integration that manages
 * integrations, roles or users can be declared.
 */
export function resourceNameProblem(name: string): string | null {
  // Checked first: the pattern backtracks, and no longer id can be stored.
  if (isLongerThan(name, MAX_RESOURCE_NAME_LENGTH)) return tooLong('resource name', name, MAX_RESOURCE_NAME_LENGTH);
  if (name.startsWith(PORTCULLIS_RESOURCE_PREFIX) && name.length > PORTCULLIS_RESOURCE_PREFIX.length) return null;
  return /^.+_.+::.+$/.test(name) ? null : `resource name "${shown(name)}" is not valid; expected Vendor_Module::resource (or Portcullis::resource)`;
}
