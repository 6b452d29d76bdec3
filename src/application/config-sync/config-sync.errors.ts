import { DomainError } from '../../domain/shared/domain-error';
import { describeProblem, type ConfigProblem } from './config-declarations';

/** At most this many problems are spelled out in the message (all are in `problems`). */
const SHOWN = 20;

/**
 * Configuration files that cannot be used as they are: every problem found, each naming its file,
 * line and column. Nothing was changed.
 */
export class ConfigFilesError extends DomainError {
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
