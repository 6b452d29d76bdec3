/** Where the CLI writes, and what it knows about the terminal. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
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

const ANSI: Readonly<Record<Tone, readonly [string, string]>> = {
  good: ['\u001b[32m', '\u001b[39m'],
  warn: ['\u001b[33m', '\u001b[39m'],
  bad: ['\u001b[31m', '\u001b[39m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  strong: ['\u001b[1m', '\u001b[22m'],
};

// eslint-disable-next-line no-control-regex -- matching the ANSI codes this file writes
const ANSI_PATTERN = /\u001b\[\d+m/g;

/** Printing for people (tables, key/value blocks, colour on a TTY) or for scripts (one JSON document). */
export class CliOutput {
  private readonly colour: boolean;

  constructor(
    private readonly io: CliIo,
    readonly json: boolean,
  ) {
    this.colour = io.stdout.isTTY === true && io.noColor !== true;
  }

  /** Colours `text` when stdout is a terminal; plain otherwise. */
  paint(tone: Tone, text: string): string {
    if (!this.colour) return text;
    const [open, close] = ANSI[tone];
    return `${open}${text}${close}`;
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** The single JSON document of a `--json` run (dates as ISO strings). */
  document(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** Columns aligned to their widest cell; the header is emphasised on a TTY. */
  table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
    for (const line of formatTable(headers, rows, (header) => this.paint('strong', header))) this.line(line);
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

/** Visible width of a cell (ANSI colour codes take no room). */
export function visibleWidth(text: string): number {
  return text.replace(ANSI_PATTERN, '').length;
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
