import { type ConfigProblem, type SourceLocation } from '../../application/config-sync/config-declarations';
import { ConfigFilesError } from '../../application/config-sync/config-sync.errors';

/**
 * Turns offsets into a file's text (JavaScript string indexes) into 1-based line and column.
 * Lines end at `\n`, `\r\n` or a lone `\r`; columns count Unicode characters (code points), as
 * saxes does, so the positions of the XML and JSON readers agree.
 */
export function locatorFor(text: string, file: string): (offset: number) => SourceLocation {
  // A byte order mark is not a character anyone sees: the first line starts after it.
  const lineStarts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x0a || (code === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) lineStarts.push(i + 1);
  }
  return (offset) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((lineStarts[middle] ?? 0) <= at) low = middle;
      else high = middle - 1;
    }
    const lineStart = lineStarts[low] ?? 0;
    return { file, line: low + 1, column: countCodePoints(text.slice(lineStart, at)) + 1 };
  };
}

function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
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

/** A value as it can be quoted in a message: one line, at most 40 characters. */
export function excerpt(value: string): string {
  const line = value.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  const lineA = 'line' in a.location ? a.location.line : 0;
  const lineB = 'line' in b.location ? b.location.line : 0;
  const columnA = 'column' in a.location ? a.location.column : 0;
  const columnB = 'column' in b.location ? b.location.column : 0;
  return lineA - lineB || columnA - columnB;
}
