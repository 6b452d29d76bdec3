import { BlockList, isIP } from 'node:net';

/** One address a host name resolved to (or an IP literal of the URL). */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

type Range = readonly [network: string, prefix: number, label: string];

/**
 * IPv4 ranges that are not public destinations (IANA special-purpose registry): loopback, private,
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, "this network" (0.0.0.0
 * reaches the local host on Linux), documentation, benchmarking, multicast, reserved, broadcast.
 */
const BLOCKED_IPV4: readonly Range[] = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT (shared address space)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved for IETF protocols'],
  ['192.0.2.0', 24, 'reserved for documentation'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved for benchmarking'],
  ['198.51.100.0', 24, 'reserved for documentation'],
  ['203.0.113.0', 24, 'reserved for documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/**
 * IPv6 ranges that are not public destinations. Besides these, anything outside global unicast
 * (2000::/3) is refused; addresses embedding an IPv4 address are judged by that address.
 */
const BLOCKED_IPV6: readonly Range[] = [
  ['::1', 128, 'loopback'],
  ['::', 128, 'unspecified'],
  ['fc00::', 7, 'unique-local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local (private)'],
  ['ff00::', 8, 'multicast'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'a discard-only address'],
  ['2001:db8::', 32, 'reserved for documentation'],
  ['3fff::', 20, 'reserved for documentation'],
  ['2001::', 23, 'reserved for IETF protocols (Teredo, ORCHID...)'],
];

/** One BlockList per label, checked in order, so a refusal can say which kind of address it met. */
function labelled(ranges: readonly Range[], type: 'ipv4' | 'ipv6'): ReadonlyArray<{ readonly list: BlockList; readonly label: string }> {
  return ranges.map(([network, prefix, label]) => {
    const list = new BlockList();
    list.addSubnet(network, prefix, type);
    return { list, label };
  });
}

const IPV4_CHECKS = labelled(BLOCKED_IPV4, 'ipv4');
const IPV6_CHECKS = labelled(BLOCKED_IPV6, 'ipv6');
const GLOBAL_UNICAST = new BlockList();
GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

/**
 * Why `address` is not a public destination (e.g. `loopback`, `private`), or null when it is one.
 * Covers IPv4-mapped (::ffff:127.0.0.1), NAT64 (64:ff9b::/96) and 6to4 (2002::/16) forms of
 * blocked IPv4 addresses.
 */
export function blockedRangeOf(address: string): string | null {
  const plain = withoutZone(address);
  const family = isIP(plain);
  if (family === 4) return ipv4RangeOf(plain);
  if (family !== 6) return 'not an IP address';
  const embedded = embeddedIpv4(plain);
  if (embedded !== null) {
    const range = ipv4RangeOf(embedded.address);
    return range === null ? null : `${range} (${embedded.form} ${embedded.address})`;
  }
  const match = IPV6_CHECKS.find(({ list }) => list.check(plain, 'ipv6'));
  if (match !== undefined) return match.label;
  return GLOBAL_UNICAST.check(plain, 'ipv6') ? null : 'not a global unicast address';
}

function ipv4RangeOf(address: string): string | null {
  return IPV4_CHECKS.find(({ list }) => list.check(address, 'ipv4'))?.label ?? null;
}

function withoutZone(address: string): string {
  const percent = address.indexOf('%');
  return percent < 0 ? address : address.slice(0, percent);
}

/** The IPv4 address an IPv6 address carries by a standard mapping, if any. */
function embeddedIpv4(address: string): { readonly address: string; readonly form: string } | null {
  const groups = ipv6Groups(address);
  const v4 = (high: number, low: number): string => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return { address: v4(g6, g7), form: 'IPv4-mapped' };
  // IPv4-compatible (::a.b.c.d, deprecated); :: and ::1 themselves are IPv6's own.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 !== 0) return { address: v4(g6, g7), form: 'IPv4-compatible' };
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return { address: v4(g6, g7), form: 'NAT64' };
  if (g0 === 0x2002) return { address: v4(g1, g2), form: '6to4' };
  return null;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** An entry of the allow-list that is no IP address, CIDR range or host name. */
export class InvalidAllowedNetworkError extends Error {
  constructor(readonly entry: string) {
    super(`"${entry}" is not an IP address, a CIDR range (such as 10.0.0.0/8 or fd00::/8) or a host name`);
    this.name = 'InvalidAllowedNetworkError';
  }
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Where outbound HTTP may connect. Public addresses always; addresses in a blocked range
 * (`blockedRangeOf`) only when the operator allowed them: by address or CIDR range (the address
 * actually connected to is checked, after DNS), or by host name (then whatever that name resolves
 * to is trusted).
 */
export class OutboundAddressPolicy {
  private constructor(
    private readonly networks: BlockList,
    private readonly hostNames: ReadonlySet<string>,
  ) {}

  /** Nothing private allowed. */
  static readonly PUBLIC_ONLY = OutboundAddressPolicy.allowing([]);

  /**
   * @param entries IP addresses (`10.1.2.3`, `::1`), CIDR ranges (`10.0.0.0/8`, `fd00::/8`) or host
   *   names (`erp.internal`); blanks are ignored.
   * @throws InvalidAllowedNetworkError naming the first entry that is none of these
   */
  static allowing(entries: readonly string[]): OutboundAddressPolicy {
    const networks = new BlockList();
    const hostNames = new Set<string>();
    for (const raw of entries) {
      const entry = raw.trim();
      if (entry === '') continue;
      const slash = entry.indexOf('/');
      if (slash >= 0) {
        const network = entry.slice(0, slash);
        const prefixText = entry.slice(slash + 1);
        const family = isIP(network);
        const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
        if (family === 0 || !(prefix <= (family === 4 ? 32 : 128))) throw new InvalidAllowedNetworkError(entry);
        networks.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
      } else if (isIP(entry) !== 0) {
        networks.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
      } else {
        const name = hostNameOf(entry);
        if (name === null) throw new InvalidAllowedNetworkError(entry);
        hostNames.add(name);
      }
    }
    return new OutboundAddressPolicy(networks, hostNames);
  }

  /**
   * Why a connection to `hostname` (a URL's host, an IPv6 literal without brackets) at these
   * addresses is refused, as a sentence fragment for the server log; null when it is allowed.
   * Refused when any address is blocked and not allowed: a name that also resolves to a private
   * address is not trusted with the public one.
   */
  refusalOf(hostname: string, addresses: readonly ResolvedAddress[]): string | null {
    const name = hostname.toLowerCase().replace(/\.$/, '');
    if (this.hostNames.has(name)) return null;
    for (const { address } of addresses) {
      const range = blockedRangeOf(address);
      if (range === null || this.allowsAddress(address)) continue;
      const where = isIP(name) !== 0 ? `the address ${address}` : `the host ${name} resolves to ${address}, which`;
      return `${where} is ${range} and not in the allowed networks`;
    }
    return null;
  }

  private allowsAddress(address: string): boolean {
    const plain = withoutZone(address);
    const family = isIP(plain);
    if (family === 4) return this.networks.check(plain, 'ipv4');
    if (family !== 6) return false;
    const embedded = embeddedIpv4(plain);
    return this.networks.check(plain, 'ipv6') || (embedded !== null && this.networks.check(embedded.address, 'ipv4'));
  }
}

/** The host name as a URL would hold it; null for text that is no host name (or is an IP address in disguise). */
function hostNameOf(entry: string): string | null {
  const name = entry.toLowerCase().replace(/\.$/, '');
  if (!HOST_NAME.test(name)) return null;
  try {
    // `0x7f000001` or `2130706433` are IPv4 addresses to a URL, never host names.
    return new URL(`http://${name}/`).hostname === name && isIP(name) === 0 ? name : null;
  } catch {
    return null;
  }
}
