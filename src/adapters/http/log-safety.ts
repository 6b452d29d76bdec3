/**
 * Every credential Portcullis issues is 32 characters of [0-9a-z] (keys, secrets, tokens,
 * verifiers). Any such run in a text bound for a log is replaced, so a driver error quoting a
 * value cannot leak one.
 */
export function scrubSecrets(text: string): string {
  return text.replace(/(?<![0-9a-z])[0-9a-z]{32}(?![0-9a-z])/g, '[redacted]');
}
