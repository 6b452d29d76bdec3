import { inFormWords, LABELS_OUTSIDE_FIELDS } from '../../../web/admin/src/field-messages';

/*
 * Issue 17.6: the API's messages name fields as its clients send them (`"endpoint"`); the admin
 * UI shows them under fields labelled "Callback URL" and "Your Password", in those words.
 */

describe('inFormWords', () => {
  it.each([
    ['endpoint', 'Callback URL', '"endpoint" must be an absolute http:// or https:// URL.', 'Callback URL must be an absolute http:// or https:// URL.'],
    ['identityLinkUrl', 'Identity Link URL', '"identityLinkUrl" must be at most 255 characters long.', 'Identity Link URL must be at most 255 characters long.'],
    ['currentPassword', 'Your Password', '"currentPassword" is required: enter your own password to save.', 'Your Password is required: enter your own password to save.'],
    ['username', 'User Name', '"username" must be 1 to 40 letters, digits or . _ @ + -', 'User Name must be 1 to 40 letters, digits or . _ @ + -'],
    ['name', 'Role Name', '"name" is required. Enter and try again.', 'Role Name is required. Enter and try again.'],
    [
      'email',
      'Email',
      '"email" must be a valid email address of at most 254 characters; "x@y" is not.',
      'Email must be a valid email address of at most 254 characters; "x@y" is not.',
    ],
  ])('says "%s" as "%s"', (field, label, message, worded) => {
    expect(inFormWords(message, field, label)).toBe(worded);
  });

  it('leaves a message that names no field as it is (the domain already speaks of "the password")', () => {
    const weak = 'The password is too weak: it must include both numeric and alphabetic characters.';
    expect(inFormWords(weak, 'password', 'New Password')).toBe(weak);
    const wrong = 'The password entered for the current user is invalid. Verify the password and try again.';
    expect(inFormWords(wrong, 'currentPassword', 'Your Password')).toBe(wrong);
  });

  it('replaces only the quoted field name, not the same word elsewhere', () => {
    expect(inFormWords('"name" is not a valid name: "Name" is taken.', 'name', 'Role Name')).toBe('Role Name is not a valid name: "Name" is taken.');
  });

  it('has words for the fields no form field shows (the grant, the body)', () => {
    expect(inFormWords('"resources" must be a list of resource ids.', 'resources', LABELS_OUTSIDE_FIELDS.resources ?? '')).toBe('Resources must be a list of resource ids.');
  });

  it('names a nested field by its last parts too, as the core words the edge\'s policy fields', () => {
    expect(inFormWords('"203.0.113.0/33" in "allowedIps" has a prefix longer than an IPv4 address; write /0 to /32.', 'policy.allowedIps', 'Allowed IP addresses')).toBe(
      '"203.0.113.0/33" in Allowed IP addresses has a prefix longer than an IPv4 address; write /0 to /32.',
    );
    expect(inFormWords('"rateLimit.limit" must be at least 1.', 'policy.rateLimit.limit', 'The rate limit')).toBe('The rate limit must be at least 1.');
    expect(inFormWords('"policy.expiresAt" must be a date and time.', 'policy.expiresAt', 'The expiry date')).toBe('The expiry date must be a date and time.');
  });
});
