import { MalformedError, RuleViolationError } from '../kernel/domain-error';

export class InvalidResourceIdError extends MalformedError {
  readonly code = 'ACL.RESOURCE_ID_INVALID';
  constructor(id: string, source?: string) {
    super(
      `The ACL resource id "${id}"${source ? ` in ${source}` : ''} is invalid: it must look like Vendor_Module::resource ([A-Za-z0-9_]+::[A-Za-z0-9_]+).`,
      source ? { id, source } : { id },
    );
  }
}

export class DuplicateResourceError extends RuleViolationError {
  readonly code = 'ACL.RESOURCE_DUPLICATE';
  constructor(id: string, source: string) {
    super(`The ACL resource "${id}" is defined more than once in ${source}.`, { id, source });
  }
}

export class ConflictingResourceError extends RuleViolationError {
  readonly code = 'ACL.RESOURCE_CONFLICT';
  constructor(id: string, detail: string, sources: readonly string[]) {
    super(`The ACL resource "${id}" is defined inconsistently: ${detail} (${sources.join(' and ')}).`, { id, sources });
  }
}

export class MissingResourceTitleError extends RuleViolationError {
  readonly code = 'ACL.RESOURCE_TITLE_MISSING';
  constructor(id: string, sources: readonly string[]) {
    super(`The ACL resource "${id}" has no title in any source (${sources.join(', ')}).`, { id, sources });
  }
}

export class UnknownResourceError extends MalformedError {
  readonly code = 'ACL.RESOURCE_UNKNOWN';
  constructor(readonly ids: readonly string[]) {
    super(
      ids.length === 1
        ? `The ACL resource "${ids[0]}" does not exist.`
        : `These ACL resources do not exist: ${ids.map((id) => `"${id}"`).join(', ')}.`,
      { ids },
    );
  }
}

export class InvalidGrantError extends MalformedError {
  readonly code = 'GRANT.INVALID';
  constructor(reason: string, ids: readonly string[]) {
    super(`The resource access is invalid: ${reason}: ${ids.map((id) => `"${id}"`).join(', ')}.`, { ids });
  }
}
