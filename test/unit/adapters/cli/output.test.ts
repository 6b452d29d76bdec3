import { CliOutput, formatTable, visibleWidth, type CliIo } from '../../../../src/adapters/cli/output';

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
    expect(out.status('active')).toBe('\u001b[32mactive\u001b[39m');
    expect(visibleWidth(out.status('active'))).toBe(6);
    out.table(['S', 'N'], [[out.status('active'), 'x'], [out.status('reset'), 'y']]);
    // eslint-disable-next-line no-control-regex -- stripping the ANSI codes written
    expect(tty.written().replace(/\u001b\[\d+m/g, '')).toBe('S       N\nactive  x\nreset   y\n');

    expect(new CliOutput(io(false), false).status('active')).toBe('active');
    expect(new CliOutput(io(true, true), false).paint('bad', 'x')).toBe('x');
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
