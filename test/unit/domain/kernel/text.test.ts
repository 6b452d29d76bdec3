import fc from 'fast-check';
import {
  compareKeys,
  comparisonKey,
  escapeRefused,
  excerpt,
  findRefusedCharacter,
  normaliseText,
} from '../../../../src/domain/kernel/text';
import { thrownDomainError } from '../../../support/errors';

const errorOf = thrownDomainError;

const CAFE_NFC = 'Caf\u00e9';
const CAFE_NFD = 'Cafe\u0301';

describe('text rule', () => {
  describe('normaliseText', () => {
    it.each([
      ['NUL', 'a\u0000b', 'U+0000', 'a control character'],
      ['BEL', 'a\u0007b', 'U+0007', 'a control character'],
      ['ESC', 'E\u001b]0;owned\u0007', 'U+001B', 'a control character'],
      ['TAB inside', 'a\tb', 'U+0009', 'a control character'],
      ['LF inside', 'a\nb', 'U+000A', 'a control character'],
      ['DEL', 'a\u007fb', 'U+007F', 'a control character'],
      ['C1 CSI', 'a\u009b2Jb', 'U+009B', 'a control character'],
      ['RLO', 'a\u202eb', 'U+202E', 'a bidirectional control'],
      ['LRI', 'a\u2066b', 'U+2066', 'a bidirectional control'],
      ['RLM', 'a\u200fb', 'U+200F', 'a bidirectional control'],
      ['ALM', 'a\u061cb', 'U+061C', 'a bidirectional control'],
      ['ZWSP', 'a\u200bb', 'U+200B', 'an invisible character'],
      ['ZWJ', 'a\u200db', 'U+200D', 'an invisible character'],
      ['word joiner', 'a\u2060b', 'U+2060', 'an invisible character'],
      ['BOM inside', 'a\ufeffb', 'U+FEFF', 'an invisible character'],
      ['soft hyphen', 'a\u00adb', 'U+00AD', 'an invisible character'],
      ['Hangul filler', 'a\u3164b', 'U+3164', 'an invisible character'],
      ['line separator', 'a\u2028b', 'U+2028', 'a line break'],
      ['lone surrogate', 'a\ud800b', 'U+D800', 'a lone surrogate'],
      ['noncharacter', 'a\ufffeb', 'U+FFFE', 'a noncharacter'],
    ])('refuses %s, naming the field and the code point, never echoing the character', (_label, raw, codePoint, kind) => {
      const error = errorOf(() => normaliseText(raw, 'name'));
      expect(error.code).toBe('VALIDATION.CHARACTER_NOT_ALLOWED');
      expect(error.parameters).toEqual({ field: 'name', character: codePoint, position: 2 });
      expect(error.message).toBe(`"name" must not contain control, invisible or bidirectional characters; it has ${codePoint} (${kind}) at character 2.`);
      expect(findRefusedCharacter(error.message)).toBeNull();
    });

    it('counts the position in characters, not UTF-16 units', () => {
      expect(errorOf(() => normaliseText('😀😀\u001b', 'name')).parameters.position).toBe(3);
    });

    it('normalises to NFC, trims, and makes each run of spaces (no-break, ideographic...) one space', () => {
      expect(normaliseText(`  ${CAFE_NFD}\u00a0\u00a0 Bar\u3000\u2003Baz \n`, 'name')).toBe(`${CAFE_NFC} Bar Baz`);
      expect(normaliseText('Acme  Sync', 'name')).toBe('Acme Sync');
    });

    it('keeps variation selectors, accents, other scripts and emoji', () => {
      expect(normaliseText('I \u2764\ufe0f Z\u00fcrich — 東京 😀', 'name')).toBe('I \u2764\ufe0f Z\u00fcrich — 東京 😀');
    });

    it('gives "" for blank or non-string input (the caller decides whether it is required)', () => {
      expect(normaliseText('  \u00a0 ', 'name')).toBe('');
      expect(normaliseText(undefined, 'name')).toBe('');
      expect(normaliseText(42, 'name')).toBe('');
    });
  });

  describe('comparisonKey', () => {
    it.each([
      ['Cafe'],
      [CAFE_NFC],
      [CAFE_NFD],
      ['CAFÉ'],
      ['  cafe '],
      ['\uff23\uff41\uff46\uff45'], // fullwidth
      ['\uff23\uff41\uff46\u00e9'],
    ])('folds %j to "cafe"', (name) => {
      expect(comparisonKey(name)).toBe('cafe');
    });

    it('makes no-break spaces and double spaces one space', () => {
      expect(comparisonKey('Acme\u00a0Sync')).toBe('acme sync');
      expect(comparisonKey('Acme  Sync')).toBe('acme sync');
      expect(comparisonKey('Acme\u202fSync')).toBe('acme sync');
    });

    it('folds case fully: ß is ss, dotted and dotless I are i, final sigma is sigma', () => {
      expect(comparisonKey('Straße')).toBe(comparisonKey('STRASSE'));
      expect(comparisonKey('İstanbul')).toBe('istanbul');
      expect(comparisonKey('Istanbul')).toBe('istanbul');
      expect(comparisonKey('ΟΔΟΣ')).toBe(comparisonKey('οδοσ'));
    });

    it('keeps 128 × İ within the key column (lowercasing alone doubles it past 255)', () => {
      const name = '\u0130'.repeat(128);
      expect(name.toLowerCase().length).toBe(256);
      expect(comparisonKey(name)).toBe('i'.repeat(128));
    });

    it('keeps marks that are not accents (kana voicing, Devanagari vowels) and distinct emoji', () => {
      expect(comparisonKey('が')).not.toBe(comparisonKey('か'));
      expect(comparisonKey('कि')).not.toBe(comparisonKey('क'));
      expect(comparisonKey('🍎 shop')).not.toBe(comparisonKey('🍏 shop'));
      expect(comparisonKey('\u2764\ufe0f')).toBe(comparisonKey('\u2764'));
    });

    it('is idempotent and ignores the normalisation form and spacing (property)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
          const key = comparisonKey(text);
          expect(comparisonKey(key)).toBe(key);
          expect(comparisonKey(text.normalize('NFD'))).toBe(key);
          expect(comparisonKey(text.normalize('NFC'))).toBe(key);
          expect(comparisonKey(` ${text.replace(/ /g, '\u00a0 ')} `)).toBe(key);
          expect(comparisonKey(text.toUpperCase())).toBe(comparisonKey(text.toLowerCase()));
        }),
        { numRuns: 5000 },
      );
    });
  });

  describe('compareKeys', () => {
    it('orders by code point, as a binary collation (and UTF-8 bytes) do', () => {
      const keys = ['b', 'a_b', '\uffff', '😀', 'a', '100% sync', 'alpha', 'é'];
      const bytewise = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect([...keys].sort(compareKeys)).toEqual(bytewise);
    });
  });

  describe('escapeRefused and excerpt', () => {
    it('writes refused characters as escapes and leaves the rest', () => {
      expect(escapeRefused('a\u001b[2Jb\u009b\u202e\u{e0001}é')).toBe('a\\x1b[2Jb\\x9b\\u202e\\u{e0001}é');
    });

    it('cuts long values short with an ellipsis', () => {
      expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(40)}…`);
      expect(excerpt('short')).toBe('short');
      expect(excerpt('\u001b'.repeat(3), 8)).toBe('\\x1b\\x1b…');
    });
  });
});
