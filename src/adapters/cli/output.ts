import { randomBytes } from 'node:crypto';
import { escapeRefused, isRefusedCharacter } from '../../domain/kernel/text';

/** Where the CLI writes, and what it knows about the terminal. */
export interface CliIo {
  readonly stdout: {
    write(text: string): unknown;
    readonly isTTY?: boolean;
    /** Resolves once what was written has gone out (a long stream waits on it when `write` says the buffer is full). */
    flushed?(): Promise<void>;
  };
  readonly stderr: { write(text: string): unknown };
  /** True when a person can answer a question (stdin is a terminal). */
  readonly interactive: boolean;
  /** Asks a yes/no question on the terminal; resolves true only for an explicit yes. */
  confirm(question: string): Promise<boolean>;
  /**
   * Asks for a secret on the terminal without echoing it; resolves with what was typed.
   * Rejects (CLI.CANCELLED) on Ctrl-C or Ctrl-D. Only when `interactive`.
   */
  readSecret(question: string): Promise<string>;
  /** The first line of stdin without its line ending, or null when stdin is empty (`--password-stdin`). */
  readLine(): Promise<string | null>;
  /** NO_COLOR and friends: colour is used only on a TTY and when this is false. */
  readonly noColor?: boolean;
}

export type Tone = 'good' | 'warn' | 'bad' | 'dim' | 'strong';

/** SGR parameters of each tone: [on, off]. */
const SGR: Readonly<Record<Tone, readonly [number, number]>> = {
  good: [32, 39],
  warn: [33, 39],
  bad: [31, 39],
  dim: [2, 22],
  strong: [1, 22],
};

/*
 * Nothing the CLI prints may drive the terminal: names, emails, URLs and messages may hold ESC
 * sequences (stored before the text rule, or typed into a config file) that would retitle the
 * window or clear the screen, and bidirectional controls that reorder what is shown. So every
 * line is escaped as it is written (`\x1b`, `\u202e`: see escapeRefused), and colour is added
 * after that: `paint` only marks where a colour starts and ends, with a random token of this
 * process that no stored or typed value can know; the writer escapes all else and turns the marks
 * into colour codes.
 */
const MARK_TOKEN = randomBytes(8).toString('hex');
const mark = (sgr: number): string => `\u0000${MARK_TOKEN}:${sgr}\u0000`;
const MARK_PATTERN = new RegExp(`\u0000${MARK_TOKEN}:(\\d+)\u0000`, 'g');

/** Printing for people (tables, key/value blocks, colour on a TTY) or for scripts (one JSON document). */
export class CliOutput {
  private readonly colour: boolean;

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
  ) {
    this.colour = io.stdout.isTTY === true && io.noColor !== true;
  }

  /**
   * Colours `text` when stdout is a terminal; plain otherwise. The result is for this output's
   * `line`, `table` and `fields` (which turn its marks into colour codes), not for other writers.
   */
  paint(tone: Tone, text: string): string {
    if (!this.colour) return text;
    const [on, off] = SGR[tone];
    return `${mark(on)}${text}${mark(off)}`;
  }

  /** One line; control, bidirectional and invisible characters are written as escapes. */
  line(text = ''): void {
    this.io.stdout.write(`${forTerminal(text)}\n`);
  }

  /**
   * The single JSON document of a `--json` run (dates as ISO strings), with every control,
   * bidirectional and invisible character as a `\uXXXX` escape: the same value once parsed.
   */
  document(value: unknown): void {
    this.io.stdout.write(`${jsonForTerminal(value, 2)}\n`);
  }

  /** Columns aligned to their widest cell; the header is emphasised on a TTY. */
  table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
    for (const line of formatTable(headers, rows, (header) => this.paint('strong', header))) this.line(line);
  }

  /**
   * A table of one row per item, or the line `none` when there are no items; true when it printed
   * a table (for a line under it).
   */
  itemTable<T>(items: readonly T[], none: string, headers: readonly string[], row: (item: T) => readonly string[]): boolean {
    if (items.length === 0) this.line(none);
    else this.table(headers, items.map(row));
    return items.length > 0;
  }

  /** `label  value` lines with the labels padded to one width. */
  fields(pairs: ReadonlyArray<readonly [string, string]>): void {
    const width = Math.max(0, ...pairs.map(([label]) => label.length));
    for (const [label, value] of pairs) this.line(`${this.paint('dim', `${label}:`.padEnd(width + 1))}  ${value}`);
  }

  /** A status word coloured by its meaning. */
  status(status: string): string {
    return this.paint(status === 'active' ? 'good' : status === 'reset' ? 'bad' : 'warn', status);
  }
}

/**
 * `text` as a terminal may show it: refused characters escaped (a line break too), colour marks of
 * `paint` turned into SGR codes.
 */
export function forTerminal(text: string): string {
  let out = '';
  let from = 0;
  for (const found of text.matchAll(MARK_PATTERN)) {
    out += `${escapeRefused(text.slice(from, found.index))}\u001b[${found[1] ?? '0'}m`;
    from = found.index + found[0].length;
  }
  return out + escapeRefused(text.slice(from));
}

/**
 * JSON whose text holds no control, bidirectional or invisible character: JSON.stringify escapes
 * C0 controls and lone surrogates, not DEL, C1, U+202E, U+2028 or zero-width ones; those are
 * written as `\uXXXX` too (they can only occur inside strings, so the JSON parses the same). The
 * line breaks of the indentation are the only raw C0 left.
 */
export function jsonForTerminal(value: unknown, indent?: number): string {
  let out = '';
  for (const char of JSON.stringify(value, null, indent)) {
    out += char >= '\u007f' && isRefusedCharacter(char) ? unicodeEscapes(char) : char;
  }
  return out;
}

/** `\uXXXX` for each UTF-16 unit (a surrogate pair for code points above U+FFFF). */
function unicodeEscapes(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i += 1) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}

/** Visible width of a cell as written: colour marks take no room, escapes take theirs. */
export function visibleWidth(text: string): number {
  return escapeRefused(text.replace(MARK_PATTERN, '')).length;
}

/**
 * Lines of an aligned table: every column as wide as its widest cell, two spaces between columns,
 * no trailing spaces.
 */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, styleHeader: (text: string) => string = (t) => t): string[] {
  const widths = headers.map((header, column) => Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row[column] ?? ''))));
  const render = (cells: readonly string[], style: (text: string) => string = (t) => t): string =>
    cells
      .map((cell, column) => {
        const styled = style(cell);
        return column === cells.length - 1 ? styled : styled + ' '.repeat((widths[column] ?? 0) - visibleWidth(cell));
      })
      .join('  ')
      .trimEnd();
  return [render(headers, styleHeader), ...rows.map((row) => render(row))];
}

/** The `--json` document of a whole list: its items and how many there are. */
export function itemsDocument<T>(items: readonly T[], document: (item: T) => unknown): { items: unknown[]; total: number } {
  return { items: items.map(document), total: items.length };
}
