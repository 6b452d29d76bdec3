import { ConfigFilesError, NothingDeclaredError } from '../../application/config-sync/config-sync.errors';
import { CallbackFailedError } from '../../application/ports/token-exchange.port';
import { DomainError, type ErrorKind } from '../../domain/kernel/domain-error';

/**
 * Exit codes of the CLI. 0, 1, 2 and 70 are those of docs/architecture.md; 69 and 78 (sysexits.h
 * EX_UNAVAILABLE, EX_CONFIG) let a script tell "retry later" and "fix the settings" from a refusal.
 */
export const EXIT = {
  ok: 0,
  /** The core refused: not found, name taken, invalid value, access... */
  ruleViolation: 1,
  /** The command line is wrong: unknown command or option, bad or missing option value. */
  usage: 2,
  /** The database cannot be reached right now. */
  unavailable: 69,
  /** A bug: anything not foreseen. */
  unexpected: 70,
  /** The settings (environment, config file) or the files they name are wrong: database URL, secret key, acl.xml... */
  config: 78,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The command line is wrong in a way commander cannot see (exit 2). */
export class CliUsageError extends Error {
  readonly code = 'CLI.USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** A refusal decided by the CLI itself, such as an unknown `<name|id>` (exit 1). */
export class CliRuleViolation extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CliRuleViolation';
  }
}

/** What the CLI prints and returns for a thrown value. */
export interface CliFailure {
  readonly exitCode: ExitCode;
  readonly code: string;
  /** One line for people; never a stack, never a secret. */
  readonly message: string;
  /** Unexpected: the stack may be shown on request (PORTCULLIS_DEBUG=1). */
  readonly unexpected: boolean;
}

/** Recognises errors of the settings and of the database, which only the composition root knows. */
export interface FailureClassifier {
  /** The database cannot be reached (connection refused, server gone...). */
  isUnavailable(error: unknown): boolean;
  /** A readable line for a settings problem, or null when the error is not one. */
  configProblem(error: unknown): string | null;
}

/**
 * The exit code of each kind of error the core throws on purpose: to a script, every refusal is a
 * rule violation (1). `unavailable` too: the core says so of a capability this instance lacks (the
 * token exchange), which running again will not bring; 69 is for a database outage, which the
 * composition root recognises (FailureClassifier). And `upstream`: the third party refused.
 */
const EXIT_BY_KIND: Readonly<Record<ErrorKind, ExitCode>> = Object.freeze({
  malformed: EXIT.ruleViolation,
  unauthenticated: EXIT.ruleViolation,
  forbidden: EXIT.ruleViolation,
  'not-found': EXIT.ruleViolation,
  conflict: EXIT.ruleViolation,
  rule: EXIT.ruleViolation,
  unavailable: EXIT.ruleViolation,
  upstream: EXIT.ruleViolation,
  'rate-limited': EXIT.ruleViolation,
});

/**
 * The error table of the CLI: errors the core throws on purpose exit by their kind (EXIT_BY_KIND),
 * except configuration files that cannot be used (78, like other settings); command-line mistakes
 * are usage errors (2); then settings (78), outages (69), and bugs (70).
 */
export function toCliFailure(error: unknown, classify: FailureClassifier): CliFailure {
  if (error instanceof CliUsageError) return { exitCode: EXIT.usage, code: error.code, message: error.message, unexpected: false };
  if (error instanceof ConfigFilesError) {
    // One problem per line (file:line:column: what is wrong), as compilers print them.
    return { exitCode: EXIT.config, code: error.code, message: error.message, unexpected: false };
  }
  if (error instanceof NothingDeclaredError) {
    // The files (a missing or half-written one), not the request, are what to fix.
    return { exitCode: EXIT.config, code: error.code, message: oneLine(error.message), unexpected: false };
  }
  if (error instanceof CallbackFailedError && error.reason !== undefined) {
    // The CLI runs where the server does, for its operator: the reason the HTTP API keeps for its log.
    return { exitCode: EXIT_BY_KIND[error.kind], code: error.code, message: oneLine(`${error.message} Reason: ${error.reason}.`), unexpected: false };
  }
  if (error instanceof DomainError) return { exitCode: EXIT_BY_KIND[error.kind], code: error.code, message: oneLine(error.message), unexpected: false };
  if (error instanceof CliRuleViolation) return { exitCode: EXIT.ruleViolation, code: error.code, message: oneLine(error.message), unexpected: false };
  const config = classify.configProblem(error);
  if (config !== null) return { exitCode: EXIT.config, code: 'CONFIG.INVALID', message: oneLine(config), unexpected: false };
  if (classify.isUnavailable(error)) {
    const cause = codeOf(error);
    return {
      exitCode: EXIT.unavailable,
      code: 'SERVICE.DATABASE_UNAVAILABLE',
      message: `The database is unavailable${cause !== null ? ` (${cause})` : ''}. Check DATABASE_URL and that the database server is running, then try again.`,
      unexpected: false,
    };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    exitCode: EXIT.unexpected,
    code: 'INTERNAL',
    message: `An unexpected error occurred (${name}). This is a bug; set PORTCULLIS_DEBUG=1 to print its details.`,
    unexpected: true,
  };
}

/** The driver or system code an error (or what it wraps) carries, e.g. ECONNREFUSED. */
export function codeOf(error: unknown): string | null {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const { code, driverError, cause } = current as { code?: unknown; driverError?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = driverError ?? cause;
  }
  return null;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
