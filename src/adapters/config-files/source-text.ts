import { type ConfigProblem, type SourceLocation } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';

/**
 * The shape of every configuration-file reader: one file's text and its name (used in every
 * location it reports) in, what the file declares out.
 * @throws ConfigFilesError listing every problem of the file, in reading order
 */
export type ConfigFileReader<T> = (text: string, file: string) => T;

/**
 * Turns offsets into a file's text (JavaScript string indexes) into 1-based line and column.
 * Lines end at `\n`, `\r\n` or a lone `\r`; columns count Unicode characters (code points), as
 * saxes does, so the positions of the XML and JSON readers agree.
 */
export function locatorFor(text: string, file: string): (offset: number) => SourceLocation {
  // A byte order mark is not a character anyone sees: the first line starts after it.
  const lineStarts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  // Where the second half of a surrogate pair is: one character with the half before it.
  const pairEnds: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) lineStarts.push(i + 1);
    else if (code >= 0xdc00 && code <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1))) pairEnds.push(i);
  }
  // Both lookups are binary searches, so locating every element of a file written on one line
  // costs n log n, not n² (counting the characters of the line up to each offset).
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    const line = Math.max(0, lastAtOrBefore(lineStarts, at));
    const lineStart = lineStarts[line] ?? 0;
    const pairsBefore = (ends: number): number => lastAtOrBefore(pairEnds, ends - 1) + 1;
    const column = at - lineStart - (pairsBefore(at) - pairsBefore(lineStart)) + 1;
    return { file, line: line + 1, column: Math.max(1, column) };
  };
}

/** The index of the last value <= `limit` in ascending `values`; -1 when there is none. */
function lastAtOrBefore(values: readonly number[], limit: number): number {
  let low = -1;
  let high = values.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high + 1) / 2);
    if ((values[middle] ?? Infinity) <= limit) low = middle;
    else high = middle - 1;
  }
  return low;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Reports a file's problems in reading order (by line, then column), all at once.
 * @throws ConfigFilesError when there are any
 */
export function throwIfAny(problems: readonly ConfigProblem[]): void {
  if (problems.length > 0) {
    throw new ConfigFilesError([...problems].sort(byPosition));
  }
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  const lineA = 'line' in a.location ? a.location.line : 0;
  const lineB = 'line' in b.location ? b.location.line : 0;
  const columnA = 'column' in a.location ? a.location.column : 0;
  const columnB = 'column' in b.location ? b.location.column : 0;
  return lineA - lineB || columnA - columnB;
}

/**
 * Runs `read`, moving the problems of a ConfigFilesError it throws into `problems`: how a loader
 * reads file after file and still reports every problem of every file at once.
 * @returns what `read` returns; undefined when it threw a ConfigFilesError
 */
export function collectProblems<T>(problems: ConfigProblem[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigFilesError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
