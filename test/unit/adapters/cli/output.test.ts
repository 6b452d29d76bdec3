import { CliOutput, formatTable, jsonForTerminal, visibleWidth, type CliIo } from '../../../../src/adapters/cli/output';
import { findRefusedCharacter } from '../../../../src/domain/kernel/text';

function io(isTTY: boolean, noColor = false): CliIo & { written: () => string } {
  let text = '';
  return {
    stdout: { isTTY, write: (chunk: string) => (text += chunk) },
    stderr: { write: () => true },
    interactive: false,
    noColor,
    confirm: () => Promise.resolve(false),
    readSecret: () => Promise.resolve(''),
    readLine: () => Promise.resolve(null),
    written: () => text,
  };
}

describe('CLI output', () => {
  it('aligns table columns by their widest cell, two spaces apart, without trailing spaces', () => {
    expect(formatTable(['NAME', 'STATUS', 'ID'], [['ERP sync', 'active', '1'], ['B', 'inactive', '22']])).toEqual([
      'NAME      STATUS    ID',
      'ERP sync  active    1',
      'B         inactive  22',
    ]);
    expect(formatTable(['A', 'B'], [['x', '']])).toEqual(['A  B', 'x']);
  });

  it('colours only on a TTY without NO_COLOR, and colour codes take no width in tables', () => {
    const tty = io(true);
    const out = new CliOutput(tty, false);
    out.line(out.status('active'));
    expect(tty.written()).toBe('\u001b[32mactive\u001b[39m\n');
    expect(visibleWidth(out.status('active'))).toBe(6);
    out.table(['S', 'N'], [[out.status('active'), 'x'], [out.status('reset'), 'y']]);
    // eslint-disable-next-line no-control-regex -- stripping the ANSI codes written
    expect(tty.written().replace(/\u001b\[\d+m/g, '')).toBe('active\nS       N\nactive  x\nreset   y\n');

    expect(new CliOutput(io(false), false).status('active')).toBe('active');
    expect(new CliOutput(io(true, true), false).paint('bad', 'x')).toBe('x');
  });

  describe('never lets a value drive the terminal (issue 16)', () => {
    const NAME = 'ERP\u001b]0;owned\u0007\u001b[2J\u009b31m\u202eevil\u200b';
    const ESCAPED = 'ERP\\x1b]0;owned\\x07\\x1b[2J\\x9b31m\\u202eevil\\u200b';

    it('escapes control, bidi and invisible characters in lines, tables and fields, and aligns by the escaped width', () => {
      const plain = io(false);
      const out = new CliOutput(plain, false);
      out.line(`Integration "${NAME}" deleted.`);
      out.table(['NAME', 'ID'], [[NAME, '1'], ['B', '2']]);
      out.fields([['Name', NAME]]);
      expect(plain.written()).toBe(
        [`Integration "${ESCAPED}" deleted.`, `NAME${' '.repeat(ESCAPED.length - 2)}ID`, `${ESCAPED}  1`, `B${' '.repeat(ESCAPED.length + 1)}2`, `Name:  ${ESCAPED}`, ''].join('\n'),
      );
    });

    it('keeps its own colours but escapes a value that imitates them, painted or not', () => {
      const tty = io(true);
      const out = new CliOutput(tty, false);
      out.table(['NAME', 'STATUS'], [[out.paint('strong', '\u001b[32mfake'), out.status('active')]]);
      const [header, row] = tty.written().split('\n');
      expect(header).toBe('\u001b[1mNAME\u001b[22m          \u001b[1mSTATUS\u001b[22m');
      expect(row).toBe('\u001b[1m\\x1b[32mfake\u001b[22m  \u001b[32mactive\u001b[39m');
      expect(new CliOutput(io(true), false).paint('dim', 'x')).not.toContain('\u001b');
    });

    it('writes the --json document with every such character as \\uXXXX: valid, and equal once parsed', () => {
      const plain = io(false);
      const value = { name: `${NAME}\u0085\u2028\u{E0001}\u007f`, nested: [{ email: 'a\u2066b@example.com' }] };
      new CliOutput(plain, true).document(value);
      const text = plain.written();
      expect(findRefusedCharacter(text.replace(/\n/g, ''))).toBeNull();
      expect(text).toContain('\\u001b]0;owned\\u0007');
      expect(text).toContain('\\u202e');
      expect(text).toContain('\\udb40\\udc01');
      expect(JSON.parse(text)).toEqual(value);
      expect(jsonForTerminal({ a: '\u009b' })).toBe('{"a":"\\u009b"}');
    });
  });

  it('prints key/value fields with padded labels, and one JSON document', () => {
    const plain = io(false);
    const out = new CliOutput(plain, true);
    out.fields([
      ['Name', 'a'],
      ['Resource access', 'all'],
    ]);
    out.document({ at: new Date('2026-01-02T03:04:05.000Z') });
    expect(plain.written()).toBe('Name:             a\nResource access:  all\n{\n  "at": "2026-01-02T03:04:05.000Z"\n}\n');
  });
});
