/** The version in package.json, read at run time (dist/ sits beside it). */
export function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- read at run time from the installed package
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
