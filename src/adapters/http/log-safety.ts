/**
 * Every credential Portcullis issues is 32 characters of [0-9a-z] (keys, secrets, tokens,
 * verifiers). Any such run in a text bound for a log is replaced, so a driver error quoting a
 * value cannot leak one.
 */
export function scrubSecrets(text: string): string {
  return text.replace(/(?<![0-9a-z])[0-9a-z]{32}(?![0-9a-z])/g, '[redacted]');
}

/** Query parameters whose values are credentials whatever they look like. */
const SECRET_PARAMETER = /^(oauth_.*|access_token|token|refresh_token|client_secret|password|secret|api_key|apikey|key|signature|sig|code)$/i;

/**
 * A request URL as it may be logged: the value of every OAuth parameter (`oauth_*`) and of other
 * credential-named parameters is replaced, and any credential-shaped run left (in the path, or a
 * parameter of another name) is scrubbed. The path and the parameter names stay readable.
 */
export function maskUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return scrubSecrets(url);
  const masked = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && SECRET_PARAMETER.test(decodedName(rawName)) ? `${rawName}=[redacted]` : pair;
    })
    .join('&');
  return scrubSecrets(`${url.slice(0, query)}?${masked}`);
}

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
