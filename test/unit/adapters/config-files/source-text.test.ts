import { collectProblems, locatorFor } from '../../../../src/adapters/config-files/source-text';
import { type ConfigProblem } from '../../../../src/application/config-sync/config-declarations';
import { ConfigFilesError } from '../../../../src/application/config-sync/config-sync.errors';

/** The position of `offset` counted the slow way: code points of the line up to it. */
function expected(text: string, offset: number): { line: number; column: number } {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const before = text.slice(start, Math.max(start, offset));
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: [...(lines.at(-1) ?? '')].length + 1 };
}

describe('locatorFor', () => {
  it('gives 1-based line and column in code points, lines ending at \\n, \\r\\n or a lone \\r, after a byte order mark', () => {
    const text = '\uFEFFab\ncd\r\nef\rgh';
    const locate = locatorFor(text, 'f.xml');
    expect(locate(1)).toEqual({ file: 'f.xml', line: 1, column: 1 });
    expect(locate(0)).toEqual({ file: 'f.xml', line: 1, column: 1 });
    expect(locate(4)).toEqual({ file: 'f.xml', line: 2, column: 1 });
    expect(locate(8)).toEqual({ file: 'f.xml', line: 3, column: 1 });
    expect(locate(11)).toEqual({ file: 'f.xml', line: 4, column: 1 });
    expect(locate(99)).toEqual({ file: 'f.xml', line: 4, column: 3 });
  });

  it('counts a character outside the BMP (two UTF-16 units) once, on a long single line as on short ones', () => {
    // Generated files are often one line: every element located on it (no re-counting from the line start).
    const unit = '<r id="Vendor_M::a" title="\u{1F600} x"/>';
    const text = `<config>${unit.repeat(300)}\n${unit}\u{1F600}\r\n\u{1F600}`;
    const locate = locatorFor(text, 'one-line.xml');
    for (let offset = 0; offset <= text.length; offset += 7) {
      expect({ offset, ...locate(offset) }).toEqual({ offset, file: 'one-line.xml', ...expected(text, offset) });
    }
  });

  it('counts a lone surrogate as one character, as saxes does', () => {
    const text = 'a\uD800b\uDC00c';
    const locate = locatorFor(text, 'f.json');
    expect([1, 2, 3, 4, 5].map((offset) => locate(offset).column)).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('collectProblems', () => {
  const problem = (file: string): ConfigProblem => ({ location: { file, line: 1, column: 1 }, message: 'wrong' });

  it('gives what the read returns and adds nothing when it succeeds', () => {
    const problems: ConfigProblem[] = [problem('before.xml')];
    expect(collectProblems(problems, () => ['read'])).toEqual(['read']);
    expect(problems).toEqual([problem('before.xml')]);
  });

  it('moves the problems of a ConfigFilesError into the list and gives undefined, so the next file is read too', () => {
    const problems: ConfigProblem[] = [problem('a.xml')];
    expect(
      collectProblems(problems, () => {
        throw new ConfigFilesError([problem('b.xml'), problem('c.xml')]);
      }),
    ).toBeUndefined();
    expect(problems).toEqual([problem('a.xml'), problem('b.xml'), problem('c.xml')]);
  });

  it('lets any other error through', () => {
    expect(() =>
      collectProblems([], () => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });
});
