import { InvalidValueError } from './domain-error';

/**
 * The one rule for text people type into Portcullis (names, email addresses, URLs), and the one
 * comparison key that decides when two names are "the same".
 *
 * **Refused characters** (in every text field, anywhere in the value): control characters (C0,
 * DEL, C1: Unicode Cc), format characters (Cf: bidirectional controls U+200E/F, U+202A–U+202E,
 * U+2066–U+2069, U+061C; zero-width U+200B–U+200D, U+2060, U+FEFF; soft hyphen...), other
 * default-ignorable code points (Hangul fillers, tags...), line and paragraph separators
 * (U+2028/U+2029), lone surrogates and noncharacters. They are invisible or change what a terminal
 * or a page shows (an ESC sequence can clear a terminal; U+202E reverses the text after it), so a
 * name holding one can pass for another. Variation selectors (U+FE00–U+FE0F, as in ❤️) are
 * allowed: they only pick a glyph's presentation.
 *
 * **Normalisation** of names: Unicode NFC, surrounding whitespace trimmed, every run of spaces
 * (U+0020, no-break space, the other Zs spaces) made one U+0020. URLs are only checked, never
 * rewritten (NFC would change what a path means to the server).
 *
 * **Comparison key**: see {@link comparisonKey}.
 *
 * Lengths are counted in Unicode code points ("characters" as MySQL counts them for VARCHAR).
 */

const REFUSED = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}\p{Default_Ignorable_Code_Point}]/u;
const VARIATION_SELECTOR = /^[\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const BIDI_CONTROL = /^[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]$/u;
const SPACES = /[\p{Zs}\s]+/gu;
/**
 * Combining marks that are accents on Latin, Greek and Cyrillic letters (the Combining Diacritical
 * Marks blocks), and variation selectors. Marks that are letters' vowels in other scripts are kept.
 */
// eslint-disable-next-line no-misleading-character-class -- ranges of combining marks, matched one by one on purpose
const ACCENTS_AND_SELECTORS = /[\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;

/** The longest comparison key a name may have: the width of the name_key/username_key columns. */
export const MAX_KEY_LENGTH = 255;

/** A refused character found in a value. */
export interface RefusedCharacter {
  /** `U+001B`. */
  readonly codePoint: string;
  /** 1-based position in code points. */
  readonly position: number;
  /** What kind of character it is, for people: "a control character". */
  readonly kind: string;
}

/** True for a character {@link normaliseText} refuses (one code point). */
export function isRefusedCharacter(char: string): boolean {
  return REFUSED.test(char) && !VARIATION_SELECTOR.test(char);
}

/** The first refused character of `text`, or null when it has none. */
export function findRefusedCharacter(text: string): RefusedCharacter | null {
  let position = 0;
  for (const char of text) {
    position += 1;
    if (isRefusedCharacter(char)) return { codePoint: codePointLabel(char), position, kind: kindOf(char) };
  }
  return null;
}

/** The message naming `field` and the refused character by code point (never the character itself). */
export function refusedCharacterMessage(field: string, found: RefusedCharacter): string {
  return `"${field}" must not contain control, invisible or bidirectional characters; it has ${found.codePoint} (${found.kind}) at character ${found.position}.`;
}

/** @throws InvalidValueError `VALIDATION.CHARACTER_NOT_ALLOWED` naming the field and the code point. */
export function assertNoRefusedCharacter(text: string, field: string): void {
  const found = findRefusedCharacter(text);
  if (found === null) return;
  throw new InvalidValueError('VALIDATION.CHARACTER_NOT_ALLOWED', refusedCharacterMessage(field, found), {
    field,
    character: found.codePoint,
    position: found.position,
  });
}

/**
 * A single-line text field as stored: NFC, trimmed, each run of spaces one U+0020. A non-string is
 * treated as blank; blank gives "" (the caller decides whether the field is required).
 * @throws InvalidValueError `VALIDATION.CHARACTER_NOT_ALLOWED` for a refused character inside.
 */
export function normaliseText(raw: unknown, field: string): string {
  if (typeof raw !== 'string') return '';
  const trimmed = raw.normalize('NFC').trim();
  assertNoRefusedCharacter(trimmed, field);
  return trimmed.replace(SPACES, ' ');
}

/** Length in code points (what a VARCHAR(n) column counts). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _char of text) count += 1;
  return count;
}

/**
 * The key two names are compared on: equal keys mean "the same name" for uniqueness and look-up,
 * on every storage alike.
 *
 * Compatibility forms are folded (NFKD: fullwidth `Ｃａｆｅ` is `Cafe`, `ﬁ` is `fi`), accents of
 * Latin, Greek and Cyrillic letters dropped, case folded (upper- then lower-case: `ß` is `ss`, `İ` is
 * `i`), then recomposed (NFKC); runs of spaces are one space, and the ends trimmed. So `Cafe`,
 * `café`, `Café` written with a combining accent, `Cafe` with a no-break space or two spaces, and
 * fullwidth `Ｃａｆé` all have the key `cafe`.
 *
 * Why accent-insensitive: names are read by people, to whom `Cafe` and `Café` are the same name;
 * MySQL's and MariaDB's default collations (and Magento, which relies on them) compare them equal
 * too. Storage compares keys byte for byte (a binary collation), so every backend agrees.
 *
 * Total: any string has a key, valid or not. The key may be longer than the name (`ß` gives two
 * letters); names check it fits {@link MAX_KEY_LENGTH}.
 */
export function comparisonKey(text: string): string {
  // Case first: upper-casing can turn a mark into a letter (Greek iota subscript into Ι).
  const folded = foldCase(text.normalize('NFKD')).normalize('NFKD').replace(ACCENTS_AND_SELECTORS, '').normalize('NFKC');
  return folded.replace(SPACES, ' ').trim();
}

/** Orders keys by code point: the order of a binary collation in SQL (and of UTF-8 bytes). */
export function compareKeys(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
  return left.length === right.length ? 0 : left.length < right.length ? -1 : 1;
}

/**
 * `text` with each refused character written as an escape (`\x1b`, `\u202e`, `\u{e0001}`): safe
 * to print in a terminal or a message, and still telling what was there.
 */
export function escapeRefused(text: string): string {
  let out = '';
  for (const char of text) out += isRefusedCharacter(char) ? escapeOf(char) : char;
  return out;
}

/**
 * A value quoted in an error message: refused characters escaped, cut to `max` characters with an
 * ellipsis, so a message never carries a control sequence or a megabyte of input.
 */
export function excerpt(text: string, max = 40): string {
  const chars = [...escapeRefused(text)];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max).join('')}…`;
}

/** Upper- then lower-case until stable (`ẞ` lowers to `ß`, which uppers to `SS`): full case folding, near enough. */
function foldCase(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round += 1) {
    const next = current.toUpperCase().toLowerCase();
    if (next === current) break;
    current = next;
  }
  return current;
}

function codePointLabel(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function escapeOf(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

function kindOf(char: string): string {
  if (/^\p{Cc}$/u.test(char)) return 'a control character';
  if (BIDI_CONTROL.test(char)) return 'a bidirectional control';
  if (/^\p{Cs}$/u.test(char)) return 'a lone surrogate';
  if (/^[\p{Zl}\p{Zp}]$/u.test(char)) return 'a line break';
  if (/^\p{Noncharacter_Code_Point}$/u.test(char)) return 'a noncharacter';
  return 'an invisible character';
}
