import { InvalidValueError } from '../kernel/domain-error';
import { excerpt } from '../kernel/text';

const FIELD = 'allowedIps';
const MAX_RANGES = 100;
const EXPECTED = 'an IPv4 or IPv6 address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32)';
/** The longest address text: `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255`. */
const MAX_ADDRESS_LENGTH = 45;
/** The longest entry quoted back in an error, room for any valid one. */
const SHOWN_LENGTH = 60;
/** Returned by {@link parseIpv4} for text that is not an IPv4 address (no allocation on the request path). */
const NOT_IPV4 = -1;
/** IPv4 addresses live at `::ffff:0:0/96`, so `a.b.c.d` and `::ffff:a.b.c.d` are one address. */
const IPV4_PREFIX = 96;

const COLON = 0x3a;
const DOT = 0x2e;

/** A 128-bit address as four unsigned 32-bit words, most significant first. */
type Words = readonly [number, number, number, number];

/** A CIDR range: `network` has no bit set past the first `prefix` bits (0 to 128). */
interface Cidr {
  readonly network: Words;
  readonly mask: Words;
  readonly prefix: number;
}

/**
 * The client addresses an integration may call from: CIDR ranges, IPv4 and IPv6 (a bare address
 * is a range of one). Empty: every address. Parsed and matched here without libraries (the domain
 * imports nothing).
 *
 * An IPv4 address and its IPv4-mapped IPv6 form (`::ffff:192.0.2.1`, as a dual-stack socket reports
 * an IPv4 client) are the same address: every range is matched in one 128-bit space, where
 * `10.0.0.0/8` is `::ffff:10.0.0.0/104`. An IPv4 range so matches no other IPv6 address.
 */
export class IpAllowlist {
  /** @param ranges canonical text of each range, in the order given; `cidrs` the same ranges as numbers */
  private constructor(
    readonly ranges: readonly string[],
    private readonly cidrs: readonly Cidr[],
  ) {}

  /** Every address may call. */
  static any(): IpAllowlist {
    return new IpAllowlist([], []);
  }

  /**
   * Each entry is trimmed and written canonically: a single address without a prefix (`192.0.2.7`,
   * `::1`), IPv6 in lower case and compressed as RFC 5952 says (`2001:db8::/32`, `::ffff:192.0.2.1`).
   * Entries naming the same range collapse into the first. No entries: every address.
   * IPv4 is dotted decimal only; IPv6 zone IDs (`%eth0`) are refused.
   * @param ranges `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`, `::1` … (blanks around each ignored)
   * @throws InvalidValueError (code VALIDATION.IP_RANGE) naming the first entry that is not an address or CIDR range
   *   (blank, malformed, a prefix out of range, or an address with bits set past its prefix, naming the network
   *   probably meant), or when there are more than 100 distinct ranges
   */
  static parse(ranges: readonly string[]): IpAllowlist {
    const texts: string[] = [];
    const cidrs: Cidr[] = [];
    const seen = new Set<string>();
    for (const raw of ranges) {
      const { text, cidr } = parseEntry(raw.trim());
      const key = `${cidr.network.join(':')}/${cidr.prefix}`;
      if (seen.has(key)) continue;
      if (cidrs.length === MAX_RANGES) {
        throw new InvalidValueError(
          'VALIDATION.IP_RANGE',
          `"${FIELD}" holds at most ${MAX_RANGES} addresses or ranges; join neighbouring ones into wider CIDR ranges (such as 203.0.113.0/24).`,
          { field: FIELD, max: MAX_RANGES },
        );
      }
      seen.add(key);
      texts.push(text);
      cidrs.push(cidr);
    }
    return new IpAllowlist(texts, cidrs);
  }

  get isOpen(): boolean {
    return this.ranges.length === 0;
  }

  /** Whether `address` (IPv4, IPv6, IPv4-mapped IPv6; undefined when unknown) may call. Unknown or unparsable: only when open. */
  allows(address: string | undefined): boolean {
    if (this.isOpen) return true;
    if (address === undefined) return false;
    const words = parseAddress(address);
    if (words === null) return false;
    for (const cidr of this.cidrs) {
      if (holds(cidr, words)) return true;
    }
    return false;
  }

  /**
   * Whether every address `other` allows is allowed here too (`other` is no wider), counting
   * addresses covered by several ranges together. Open covers everything; open is covered only by open.
   */
  covers(other: IpAllowlist): boolean {
    if (this.isOpen) return true;
    if (other.isOpen) return false;
    return other.cidrs.every((cidr) => coveredBy(cidr, this.cidrs));
  }
}

/** @param entry trimmed */
function parseEntry(entry: string): { text: string; cidr: Cidr } {
  if (entry.length === 0) {
    throw new InvalidValueError('VALIDATION.IP_RANGE', `"${FIELD}" has a blank entry; give ${EXPECTED}, or remove it.`, { field: FIELD, value: '' });
  }
  const slash = entry.indexOf('/');
  const addressText = slash < 0 ? entry : entry.slice(0, slash);
  const isIpv6 = addressText.includes(':');
  const address = parseAddress(addressText);
  const maxPrefix = isIpv6 ? 128 : 32;
  const prefix = slash < 0 ? maxPrefix : parsePrefix(entry.slice(slash + 1));
  if (address === null || prefix === null) throw invalidEntry(entry);
  if (prefix > maxPrefix) {
    throw new InvalidValueError(
      'VALIDATION.IP_RANGE',
      `"${shown(entry)}" in "${FIELD}" has a prefix longer than an ${isIpv6 ? 'IPv6' : 'IPv4'} address; write /0 to /${maxPrefix}.`,
      { field: FIELD, value: shown(entry) },
    );
  }
  const cidr = cidrOf(address, isIpv6 ? prefix : IPV4_PREFIX + prefix);
  const network = format(cidr.network, isIpv6, prefix);
  if (cidr.network.some((word, w) => word !== address[w])) {
    throw new InvalidValueError(
      'VALIDATION.IP_RANGE',
      `"${shown(entry)}" in "${FIELD}" is not a network: the address has bits set past its /${prefix} prefix. ` +
        `Did you mean ${network}? (A single address is written without a prefix: ${format(address, isIpv6, maxPrefix)}.)`,
      { field: FIELD, value: shown(entry) },
    );
  }
  return { text: network, cidr };
}

function invalidEntry(entry: string): InvalidValueError {
  let hint = '';
  if (entry.includes('%')) hint = ' Zone IDs (the %eth0 of fe80::1%eth0) are not allowed; write the address without one.';
  else if (hasLeadingZeroInIpv4(entry)) hint = ' IPv4 parts are written without leading zeros (010 would read as octal 8 to some tools).';
  return new InvalidValueError('VALIDATION.IP_RANGE', `"${shown(entry)}" in "${FIELD}" is not ${EXPECTED}.${hint}`, {
    field: FIELD,
    value: shown(entry),
  });
}

function shown(entry: string): string {
  return excerpt(entry, SHOWN_LENGTH);
}

function hasLeadingZeroInIpv4(entry: string): boolean {
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const dotted = address.slice(address.lastIndexOf(':') + 1);
  return dotted.includes('.') && dotted.split('.').some((part) => /^0\d/.test(part));
}

/** Decimal without sign or leading zeros; null otherwise. Not checked against the family's width. */
function parsePrefix(text: string): number | null {
  if (text.length === 0 || text.length > 3 || (text.length > 1 && text.charCodeAt(0) === 0x30)) return null;
  let value = 0;
  for (let i = 0; i < text.length; i += 1) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  return value;
}

/** An IPv4 (as `::ffff:a.b.c.d`) or IPv6 address; null for anything else, CIDR and zone IDs included. */
function parseAddress(text: string): Words | null {
  if (text.length > MAX_ADDRESS_LENGTH) return null;
  if (text.includes(':')) return parseIpv6(text);
  const ipv4 = parseIpv4(text, 0, text.length);
  return ipv4 === NOT_IPV4 ? null : [0, 0, 0xffff, ipv4];
}

/** Dotted decimal `text[start, end)`: four parts of 0 to 255 without leading zeros; {@link NOT_IPV4} otherwise. */
function parseIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (digits === 0 || dots === 3) return NOT_IPV4;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots += 1;
    } else {
      const digit = code - 0x30;
      if (digit < 0 || digit > 9 || (digits > 0 && part === 0)) return NOT_IPV4;
      part = part * 10 + digit;
      digits += 1;
      if (part > 255) return NOT_IPV4;
    }
  }
  return dots === 3 && digits > 0 ? value * 256 + part : NOT_IPV4;
}

/** RFC 4291 text: eight groups of 1 to 4 hex digits, one `::` for a run of zero groups, an IPv4 tail for the last two. */
function parseIpv6(text: string): Words | null {
  const end = text.length;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === COLON && text.charCodeAt(1) === COLON) {
    gap = 0;
    i = 2;
  }
  while (i < end) {
    let value = 0;
    let digits = 0;
    let j = i;
    for (; j < end && digits <= 4; j += 1) {
      const digit = hexValue(text.charCodeAt(j));
      if (digit < 0) break;
      value = value * 16 + digit;
      digits += 1;
    }
    if (digits > 4) return null;
    if (j < end && text.charCodeAt(j) === DOT) {
      if (groups.length > 6) return null;
      const ipv4 = parseIpv4(text, i, end);
      if (ipv4 === NOT_IPV4) return null;
      groups.push(ipv4 >>> 16, ipv4 & 0xffff);
      break;
    }
    if (digits === 0 || groups.length === 8) return null;
    groups.push(value);
    if (j === end) break;
    if (text.charCodeAt(j) !== COLON) return null;
    i = j + 1;
    if (text.charCodeAt(i) === COLON) {
      if (gap >= 0) return null;
      gap = groups.length;
      i += 1;
    } else if (i === end) {
      return null;
    }
  }
  if (gap < 0 ? groups.length !== 8 : groups.length > 7) return null;
  const full = gap < 0 ? groups : [...groups.slice(0, gap), ...new Array<number>(8 - groups.length).fill(0), ...groups.slice(gap)];
  return wordsOf((w) => (((full[2 * w] ?? 0) << 16) | (full[2 * w + 1] ?? 0)) >>> 0);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function wordsOf(word: (index: number) => number): Words {
  return [word(0), word(1), word(2), word(3)];
}

/** `address` cut to its first `prefix` bits (0 to 128). */
function cidrOf(address: Words, prefix: number): Cidr {
  const mask = wordsOf((w) => {
    const bits = Math.min(32, Math.max(0, prefix - 32 * w));
    return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  });
  return { network: wordsOf((w) => ((address[w] ?? 0) & (mask[w] ?? 0)) >>> 0), mask, prefix };
}

function holds(cidr: Cidr, address: Words): boolean {
  const { network, mask } = cidr;
  return (
    ((address[3] & mask[3]) >>> 0) === network[3] &&
    ((address[2] & mask[2]) >>> 0) === network[2] &&
    ((address[1] & mask[1]) >>> 0) === network[1] &&
    ((address[0] & mask[0]) >>> 0) === network[0]
  );
}

/**
 * Whether every address of `cidr` is in one of `cidrs`. Two CIDR ranges nest or are disjoint, so
 * when some of `cidrs` lie strictly inside `cidr`, its halves are checked in turn: this ends after
 * at most 128 splits per range inside.
 */
function coveredBy(cidr: Cidr, cidrs: readonly Cidr[]): boolean {
  let hasRangeInside = false;
  for (const candidate of cidrs) {
    if (candidate.prefix <= cidr.prefix && holds(candidate, cidr.network)) return true;
    if (candidate.prefix > cidr.prefix && holds(cidr, candidate.network)) hasRangeInside = true;
  }
  if (!hasRangeInside) return false;
  const prefix = cidr.prefix + 1;
  const bit = 2 ** (31 - (cidr.prefix % 32));
  const upper = wordsOf((w) => (w === cidr.prefix >> 5 ? ((cidr.network[w] ?? 0) | bit) >>> 0 : (cidr.network[w] ?? 0)));
  return coveredBy(cidrOf(cidr.network, prefix), cidrs) && coveredBy(cidrOf(upper, prefix), cidrs);
}

/** Canonical text: `prefix` in the family's own width; the full width is a single address, written bare. */
function format(address: Words, isIpv6: boolean, prefix: number): string {
  const text = isIpv6 ? formatIpv6(address) : formatIpv4(address[3]);
  return prefix === (isIpv6 ? 128 : 32) ? text : `${text}/${prefix}`;
}

function formatIpv4(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups (the first of equals) as `::`; IPv4-mapped with a dotted tail. */
function formatIpv6(address: Words): string {
  if (address[0] === 0 && address[1] === 0 && address[2] === 0xffff) return `::ffff:${formatIpv4(address[3])}`;
  const groups = address.flatMap((word) => [word >>> 16, word & 0xffff]);
  let runStart = -1;
  let runLength = 1;
  for (let start = 0; start < 8; ) {
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > runLength) {
      runStart = start;
      runLength = end - start;
    }
    start = end + 1;
  }
  const hex = (from: number, to: number): string =>
    groups
      .slice(from, to)
      .map((group) => group.toString(16))
      .join(':');
  return runStart < 0 ? hex(0, 8) : `${hex(0, runStart)}::${hex(runStart + runLength, 8)}`;
}
