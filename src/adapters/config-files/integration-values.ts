import { excerpt } from './source-text';

/* The value rules of Magento's integration_base.xsd (and config.xsd / api.xsd), shared by every
   integration file format. Each check takes the trimmed value and returns what is wrong, or null. */

/** integrationNameType: at least 2 characters. */
export function integrationNameProblem(name: string): string | null {
  return [...name].length >= 2 ? null : `integration name "${excerpt(name)}" is too short; it needs at least 2 characters`;
}

/** emailType: `[^@]+@[^\.]+\..+`. */
export function emailProblem(email: string): string | null {
  return /^[^@]+@[^.]+\..+$/.test(email) ? null : `email "${excerpt(email)}" is not an email address (expected name@domain.tld)`;
}

/** urlType: an xs:anyURI of at least 4 characters. */
export function urlProblem(url: string, what: string): string | null {
  return [...url].length >= 4 ? null : `${what} "${excerpt(url)}" is too short; it needs at least 4 characters`;
}

/** resourceNameType: `.+_.+::.+` (Vendor_Module::resource). */
export function resourceNameProblem(name: string): string | null {
  return /^.+_.+::.+$/.test(name) ? null : `resource name "${excerpt(name)}" is not valid; expected Vendor_Module::resource`;
}
