/** Values that an error may carry to its adapters; never a secret. */
export type ErrorParameters = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * Base of every error the core throws on purpose. `code` is stable (adapters map it to an HTTP
 * status or a CLI exit code); `message` is for people; `parameters` hold the offending values.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  readonly parameters: ErrorParameters;

  protected constructor(message: string, parameters: ErrorParameters = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.parameters = parameters;
  }
}

/** A value given to the core breaks a rule of its own (format, length, range). */
export class InvalidValueError extends DomainError {
  readonly code: string;

  constructor(code: string, message: string, parameters: ErrorParameters) {
    super(message, parameters);
    this.code = code;
  }
}
