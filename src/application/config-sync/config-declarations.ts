import { type RateLimitPolicy } from '../../domain/integration/credential-policy.value-object';
import { escapeRefused } from '../../domain/kernel/text';

/* What configuration files declare about integrations, with where they say it. */

/** A place in a configuration file: 1-based line and column (of an element or a JSON value). */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `file:line:column`, as compilers and editors print it. */
export function describeLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** A value with the place that gave it. */
export interface Located<T> {
  readonly value: T;
  readonly location: SourceLocation;
}

/** The file formats an integration can be declared in. */
export type DeclarationFormat = 'integration.xml' | 'config.xml' | 'api.xml' | 'json';

/**
 * What one file says about one integration. Files are merged by name: a field may be left out by
 * one file and given by another (Magento merges integration.xml across modules; the legacy pair
 * splits one declaration into config.xml with the details and api.xml with the resources), but two
 * files giving one field different values is an error.
 */
export interface IntegrationDeclarationPart {
  readonly format: DeclarationFormat;
  readonly name: Located<string>;
  readonly email?: Located<string>;
  readonly endpoint?: Located<string>;
  readonly identityLinkUrl?: Located<string>;
  /**
   * The resources the file lists, as Magento means them: exactly these and their ancestors.
   * Undefined when the file says nothing about resources.
   */
  readonly resources?: readonly Located<string>[];
  /*
   * The credential policy (JSON only: Magento's formats have none). For a config integration the
   * declaration is the source of truth: a part left out of every file means open (not read-only,
   * no expiry, any address, no limit), not "keep what it has".
   */
  readonly readOnly?: Located<boolean>;
  readonly expiresAt?: Located<Date>;
  /** Canonical CIDR ranges (`IpAllowlist`). */
  readonly allowedIps?: Located<readonly string[]>;
  readonly rateLimit?: Located<RateLimitPolicy>;
}

/** One thing wrong in a configuration file. */
export interface ConfigProblem {
  /** The file when no better place is known (an unreadable file), else where it is wrong. */
  readonly location: SourceLocation | { readonly file: string };
  readonly message: string;
}

/**
 * `file:line:column: message` (or `file: message`), with any control or format character escaped
 * (a file name or message can then neither break the line nor rewrite the terminal).
 */
export function describeProblem(problem: ConfigProblem): string {
  const where = 'line' in problem.location ? describeLocation(problem.location) : problem.location.file;
  return escapeRefused(`${where}: ${problem.message}`);
}

/** How many characters of a value a message quotes. */
const SHOWN_LENGTH = 80;

/**
 * A value from a file as a message quotes it: control, invisible and bidirectional characters
 * escaped (`\x1b`, `\u202e`: the text rule of src/domain/kernel/text.ts) and cut after 80
 * characters with "…". Reads no more of the value than it shows, so a 10 MB value costs what a
 * short one does.
 */
export function shown(value: string, max = SHOWN_LENGTH): string {
  let text = '';
  let count = 0;
  for (const char of value) {
    if (count === max) return `${text}…`;
    text += escapeRefused(char);
    count += 1;
  }
  return text;
}
