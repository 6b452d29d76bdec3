/**
 * The API's messages name fields as its clients send them (`"endpoint" must be an absolute…`,
 * with `errors[].field`); a form says them in its own words, the labels its fields carry
 * ("Callback URL must be an absolute…"). The API keeps its names (clients match on them); the
 * UI rewords. Pure: no DOM, so it is unit-tested on its own.
 */

/** Labels of API fields no form field shows (their messages appear above the form). */
export const LABELS_OUTSIDE_FIELDS: Readonly<Record<string, string>> = {
  resourceAccess: 'Resource Access',
  resources: 'Resources',
  excluded: 'Resources left unchecked',
  body: 'The form',
};

/**
 * `message` with every `"field"` replaced by the field's label. A nested field is also named by
 * its last parts: the API answers `policy.allowedIps` with the domain's `"allowedIps" has…`.
 */
export function inFormWords(message: string, field: string, label: string): string {
  const parts = field.split('.');
  return parts.reduce((worded, _, index) => {
    const quoted = `"${parts.slice(index).join('.')}"`;
    return worded.includes(quoted) ? worded.split(quoted).join(label) : worded;
  }, message);
}
