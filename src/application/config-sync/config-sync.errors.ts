import { RuleViolationError } from '../../domain/kernel/domain-error';
import { describeProblem, shown, type ConfigProblem } from './config-declarations';

/** At most this many problems are spelled out in the message (all are in `problems`). */
const SHOWN = 20;

/**
 * Configuration files that cannot be used as they are: every problem found, each naming its file,
 * line and column. Nothing was changed.
 */
export class ConfigFilesError extends RuleViolationError {
  readonly code = 'CONFIG.INVALID_FILES';

  constructor(readonly problems: readonly ConfigProblem[]) {
    const lines = problems.slice(0, SHOWN).map(describeProblem);
    const more = problems.length > SHOWN ? [`… and ${problems.length - SHOWN} more.`] : [];
    super(
      `${problems.length === 1 ? 'A configuration file is wrong' : `The configuration files have ${problems.length} problems`}; nothing was changed:\n${[...lines, ...more].map((line) => `  ${line}`).join('\n')}`,
      { problems: problems.map(describeProblem) },
    );
  }
}

/** At most this many integrations are named in the message (all are in `integrations`). */
const NAMED = 10;

/**
 * The declarations name no integration at all, and syncing them would deactivate (or delete) the
 * config integrations that exist: refused unless asked for (`allowNoDeclarations`). An empty set
 * is more often a file that is missing or being rewritten than a wish to retire every one.
 * Nothing was changed.
 */
export class NothingDeclaredError extends RuleViolationError {
  readonly code = 'CONFIG.NOTHING_DECLARED';

  constructor(
    readonly integrations: readonly string[],
    prune: boolean,
  ) {
    const names = integrations.slice(0, NAMED).map((name) => `"${shown(name)}"`);
    const more = integrations.length > NAMED ? `, … and ${integrations.length - NAMED} more` : '';
    super(
      `The integration files declare no integration, so this sync would ${prune ? 'delete' : 'deactivate'} all ${integrations.length} config integration(s) (${names.join(', ')}${more}); nothing was changed. ` +
        'A file may be missing or being rewritten: sync again once it is back. To retire them all on purpose, allow an empty set (portcullis config:sync --allow-no-declarations).',
      { integrations: integrations.slice(0, NAMED).map((name) => shown(name)), count: integrations.length },
    );
  }
}
