import { isIP } from 'node:net';
import fc from 'fast-check';
import { InvalidValueError } from '../../../../src/domain/kernel/domain-error';
import { IpAllowlist } from '../../../../src/domain/integration/ip-allowlist.value-object';
import { thrownError } from '../../../support/errors';

const errorOf = (ranges: readonly string[]): InvalidValueError => thrownError(InvalidValueError, () => IpAllowlist.parse(ranges));
const list = (...ranges: string[]): IpAllowlist => IpAllowlist.parse(ranges);
const notAnAddress = (entry: string): string =>
  `"${entry}" in "allowedIps" is not an IPv4 or IPv6 address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32).`;

const ALL_ONES_128 = (1n << 128n) - 1n;
const ipv4Text = (value: number): string => [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
/** Eight groups of four hex digits, no compression: an independent way to write an address. */
const ipv6Text = (value: bigint): string => value.toString(16).padStart(32, '0').match(/.{4}/g)!.join(':');
const ipv4Mask = (prefix: number): number => (prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
const ipv6Mask = (prefix: number): bigint => (ALL_ONES_128 << BigInt(128 - prefix)) & ALL_ONES_128;
/** How the WHATWG URL parser writes an IPv6 address: RFC 5952 except for a dotted IPv4 tail. */
const urlForm = (address: string): string => new URL(`http://[${address}]/`).hostname.slice(1, -1);

describe('IpAllowlist', () => {
  describe('open', () => {
    it.each([['any()', IpAllowlist.any()], ['parse([])', IpAllowlist.parse([])]])('%s allows every address, unknown and unparsable ones too', (_, open) => {
      expect(open.isOpen).toBe(true);
      expect(open.ranges).toEqual([]);
      for (const address of ['192.0.2.1', '2001:db8::1', '::ffff:192.0.2.1', undefined, 'not an address']) {
        expect(open.allows(address)).toBe(true);
      }
    });
  });

  describe('parse', () => {
    it.each([
      ['10.0.0.0/8', '10.0.0.0/8'],
      ['  192.0.2.7 ', '192.0.2.7'],
      ['192.0.2.7/32', '192.0.2.7'],
      ['0.0.0.0/0', '0.0.0.0/0'],
      ['255.255.255.255', '255.255.255.255'],
      ['0.0.0.0', '0.0.0.0'],
      ['2001:DB8::/32', '2001:db8::/32'],
      ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8::1/128', '2001:db8::1'],
      ['::1', '::1'],
      ['::', '::'],
      ['::/0', '::/0'],
      ['1::', '1::'],
      ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0'],
      ['::2:3:4:5:6:7:8', '0:2:3:4:5:6:7:8'],
      ['2001:db8:0:1:0:0:0:1', '2001:db8:0:1::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['FE80:0:0:0:0:0:0:0/10', 'fe80::/10'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
      ['::FFFF:C000:0201', '::ffff:192.0.2.1'],
      ['0:0:0:0:0:ffff:10.0.0.0/104', '::ffff:10.0.0.0/104'],
      ['64:ff9b::192.0.2.1', '64:ff9b::c000:201'],
      ['::192.0.2.1', '::c000:201'],
      ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304'],
    ])('writes %j as %j', (entry, canonical) => {
      expect(list(entry).ranges).toEqual([canonical]);
    });

    it('keeps the order given and collapses entries naming the same range into the first', () => {
      const parsed = list('2001:db8::/32', '10.0.0.0/8', ' 10.0.0.0/8', '2001:0DB8::/32', '::ffff:10.0.0.0/104', '::1', '0:0:0:0:0:0:0:1');

      expect(parsed.ranges).toEqual(['2001:db8::/32', '10.0.0.0/8', '::1']);
      expect(parsed.isOpen).toBe(false);
    });

    it.each([
      '10.1.2.300',
      '256.0.0.0',
      '1.2.3',
      '1.2.3.4.5',
      '1.2.3.',
      '.1.2.3',
      '1..2.3',
      '1.2.3.-4',
      '0x0a.0.0.1',
      '167772161',
      '1.2.3.4 /8',
      '1.2.3.4/',
      '1.2.3.4/-1',
      '1.2.3.4/+8',
      '1.2.3.4/08',
      '1.2.3.4/8/8',
      '/8',
      'localhost',
      '[::1]',
      '[::1]/128',
      ':::',
      ':1::',
      '::1:',
      '1::2::3',
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:8::',
      '::1:2:3:4:5:6:7:8',
      '12345::',
      'g::1',
      '1.2.3.4::',
      '::1.2.3',
      '::1.2.3.4:5',
      '::256.0.0.1',
      '1:2:3:4:5:6:7:1.2.3.4',
      '::ffff:1.2.3.4.5',
      '2001:db8::/',
      '2001:db8::/ 32',
    ])('refuses %j, naming it and the forms expected', (entry) => {
      const error = errorOf(['10.0.0.0/8', entry]);

      expect(error.code).toBe('VALIDATION.IP_RANGE');
      expect(error.message).toBe(notAnAddress(entry));
      expect(error.parameters).toEqual({ field: 'allowedIps', value: entry });
    });

    it.each(['010.1.1.1', '10.01.1.1', '10.1.1.00', '::ffff:10.1.1.01', '010.0.0.0/8'])('refuses %j, saying IPv4 parts have no leading zeros', (entry) => {
      expect(errorOf([entry]).message).toBe(
        `${notAnAddress(entry)} IPv4 parts are written without leading zeros (010 would read as octal 8 to some tools).`,
      );
    });

    it.each(['fe80::1%eth0', 'fe80::%25eth0/64', 'fe80::1%1'])('refuses the zone ID of %j', (entry) => {
      expect(errorOf([entry]).message).toBe(`${notAnAddress(entry)} Zone IDs (the %eth0 of fe80::1%eth0) are not allowed; write the address without one.`);
    });

    it.each(['', '   ', '\t'])('refuses the blank entry %j', (entry) => {
      const error = errorOf(['10.0.0.0/8', entry]);

      expect(error.code).toBe('VALIDATION.IP_RANGE');
      expect(error.message).toBe(
        '"allowedIps" has a blank entry; give an IPv4 or IPv6 address or CIDR range (such as 203.0.113.0/24 or 2001:db8::/32), or remove it.',
      );
      expect(error.parameters).toEqual({ field: 'allowedIps', value: '' });
    });

    it.each([
      ['10.1.2.3/8', '10.0.0.0/8', '10.1.2.3'],
      ['192.0.2.255/24', '192.0.2.0/24', '192.0.2.255'],
      ['0.0.0.1/0', '0.0.0.0/0', '0.0.0.1'],
      ['10.0.0.1/31', '10.0.0.0/31', '10.0.0.1'],
      ['2001:db8::1/32', '2001:db8::/32', '2001:db8::1'],
      ['2001:DB8:0:0:8000::/33', '2001:db8::/33', '2001:db8:0:0:8000::'],
      ['::1/0', '::/0', '::1'],
      ['::ffff:10.1.2.3/104', '::ffff:10.0.0.0/104', '::ffff:10.1.2.3'],
    ])('refuses %j, whose address has host bits set, saying which network was probably meant', (entry, network, address) => {
      const prefix = entry.slice(entry.indexOf('/') + 1);
      const error = errorOf([entry]);

      expect(error.code).toBe('VALIDATION.IP_RANGE');
      expect(error.message).toBe(
        `"${entry}" in "allowedIps" is not a network: the address has bits set past its /${prefix} prefix. ` +
          `Did you mean ${network}? (A single address is written without a prefix: ${address}.)`,
      );
      expect(error.parameters).toEqual({ field: 'allowedIps', value: entry });
    });

    it.each([
      ['10.0.0.0/33', 'IPv4', 32],
      ['10.0.0.0/128', 'IPv4', 32],
      ['2001:db8::/129', 'IPv6', 128],
      ['::/999', 'IPv6', 128],
    ])('refuses %j, whose prefix is longer than its address', (entry, family, longest) => {
      const error = errorOf([entry]);

      expect(error.message).toBe(`"${entry}" in "allowedIps" has a prefix longer than an ${family} address; write /0 to /${longest}.`);
      expect(error.parameters).toEqual({ field: 'allowedIps', value: entry });
    });

    it('quotes a long entry cut short, with refused characters escaped', () => {
      const entry = `10.0.0.0\u001b[31m${'9'.repeat(1000)}`;
      const error = errorOf([entry]);

      expect(error.parameters.value).toBe(`10.0.0.0\\x1b[31m${'9'.repeat(44)}…`);
      expect(error.message).toBe(notAnAddress(`10.0.0.0\\x1b[31m${'9'.repeat(44)}…`));
    });

    it('holds up to 100 distinct ranges, duplicates not counted', () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `10.0.${i}.0/24`);

      expect(IpAllowlist.parse([...hundred, ...hundred]).ranges).toHaveLength(100);
    });

    it('refuses a 101st distinct range, saying how many it may hold', () => {
      const error = errorOf(Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`));

      expect(error.code).toBe('VALIDATION.IP_RANGE');
      expect(error.message).toBe('"allowedIps" holds at most 100 addresses or ranges; join neighbouring ones into wider CIDR ranges (such as 203.0.113.0/24).');
      expect(error.parameters).toEqual({ field: 'allowedIps', max: 100 });
    });
  });

  describe('allows', () => {
    it.each([
      ['10.0.0.0/8', '10.0.0.0', true],
      ['10.0.0.0/8', '10.255.255.255', true],
      ['10.0.0.0/8', '9.255.255.255', false],
      ['10.0.0.0/8', '11.0.0.0', false],
      ['192.0.2.7', '192.0.2.7', true],
      ['192.0.2.7', '192.0.2.6', false],
      ['192.0.2.7', '192.0.2.8', false],
      ['0.0.0.0/0', '0.0.0.0', true],
      ['0.0.0.0/0', '255.255.255.255', true],
      ['128.0.0.0/1', '127.255.255.255', false],
      ['128.0.0.0/1', '128.0.0.0', true],
      ['2001:db8::/32', '2001:db8::', true],
      ['2001:db8::/32', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['2001:db8::/32', '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['2001:db8::/32', '2001:db9::', false],
      ['2001:db8::/32', '2001:DB8::ABCD', true],
      ['2001:db8::/32', '2001:0db8:0000:0000:0000:0000:0000:0001', true],
      ['::1', '::1', true],
      ['::1', '::2', false],
      ['::1', '127.0.0.1', false],
      ['::/0', '::', true],
      ['::/0', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['fe80::/64', 'fe80::1:2:3:4', true],
      ['fe80::/64', 'fe80:0:0:1::', false],
    ])('%s allows %s: %s', (range, address, allowed) => {
      expect(list(range).allows(address)).toBe(allowed);
    });

    it.each(['::ffff:192.0.2.1', '::FFFF:192.0.2.1', '::ffff:c000:201', '0:0:0:0:0:ffff:192.0.2.1'])(
      'lets the IPv4-mapped IPv6 address %s (an IPv4 client on a dual-stack socket) match an IPv4 range',
      (address) => {
        expect(list('192.0.2.0/24').allows(address)).toBe(true);
        expect(list('192.0.2.1').allows(address)).toBe(true);
        expect(list('198.51.100.0/24').allows(address)).toBe(false);
      },
    );

    it('lets an IPv4 address match an IPv4-mapped IPv6 range: they are the same address', () => {
      expect(list('::ffff:192.0.2.0/120').allows('192.0.2.9')).toBe(true);
      expect(list('::ffff:0:0/96').allows('203.0.113.1')).toBe(true);
      expect(list('::/0').allows('203.0.113.1')).toBe(true);
    });

    it.each(['::c000:201', '2002:c000:201::', '64:ff9b::192.0.2.1', '::ffff:0:c000:201', '2001:db8::1'])(
      'does not let the IPv6 address %s match an IPv4 range',
      (address) => {
        expect(list('192.0.2.0/24', '0.0.0.0/0').allows(address)).toBe(false);
      },
    );

    it.each([undefined, '', 'unknown', '10.0.0.1/32', ' 10.0.0.1', '10.0.0.1 ', '010.0.0.1', '10.0.0.256', 'fe80::1%eth0', '[::1]', '::1::'])(
      'refuses the unknown or unparsable address %j',
      (address) => {
        expect(list('0.0.0.0/0', '::/0').allows(address)).toBe(false);
      },
    );

    it('refuses an address longer than any address can be written', () => {
      expect(list('::/0').allows(`::${'0'.repeat(10_000)}1`)).toBe(false);
    });

    it('matches any of its ranges', () => {
      const allowlist = list('10.0.0.0/8', '192.0.2.7', '2001:db8::/32');

      expect(['10.9.9.9', '192.0.2.7', '2001:db8::42', '::ffff:10.0.0.1'].map((address) => allowlist.allows(address))).toEqual([true, true, true, true]);
      expect(['11.0.0.0', '192.0.2.8', '2001:db9::', '::1'].map((address) => allowlist.allows(address))).toEqual([false, false, false, false]);
    });
  });

  describe('covers', () => {
    it.each([
      ['open', [], 'open', [], true],
      ['open', [], 'any list', ['10.0.0.0/8'], true],
      ['a list', ['0.0.0.0/0', '::/0'], 'open', [], false],
      ['a list', ['10.0.0.0/8'], 'itself', ['10.0.0.0/8'], true],
      ['a range', ['10.0.0.0/8'], 'a narrower one', ['10.1.0.0/16', '10.255.255.255'], true],
      ['a range', ['10.1.0.0/16'], 'a wider one', ['10.0.0.0/8'], false],
      ['a range', ['10.0.0.0/8'], 'a list reaching past it', ['10.1.0.0/16', '11.0.0.1'], false],
      ['two halves', ['10.0.0.0/9', '10.128.0.0/9'], 'the whole', ['10.0.0.0/8'], true],
      ['four quarters in pieces', ['10.0.0.0/10', '10.64.0.0/10', '10.128.0.0/9'], 'the whole', ['10.0.0.0/8'], true],
      ['halves with a gap', ['10.0.0.0/9', '10.128.0.0/10', '10.192.0.0/11', '10.240.0.0/12'], 'the whole', ['10.0.0.0/8'], false],
      ['single addresses', ['192.0.2.0', '192.0.2.1'], 'the /31 they fill', ['192.0.2.0/31'], true],
      ['single addresses', ['192.0.2.0', '192.0.2.2'], 'a /31 they half fill', ['192.0.2.0/31'], false],
      ['IPv6 halves', ['2001:db8::/33', '2001:db8:8000::/33'], 'the whole', ['2001:db8::/32'], true],
      ['all of IPv6', ['::/0'], 'all of IPv4 (mapped into it)', ['0.0.0.0/0'], true],
      ['all of IPv4', ['0.0.0.0/0'], 'all of IPv6', ['::/0'], false],
      ['all of IPv4', ['0.0.0.0/0'], 'an IPv6 range', ['2001:db8::/32'], false],
      ['an IPv4 range', ['10.0.0.0/8'], 'the same range IPv4-mapped', ['::ffff:10.0.0.0/104'], true],
      ['an IPv4-mapped range', ['::ffff:10.0.0.0/104'], 'the same range as IPv4', ['10.0.0.0/8'], true],
      ['the IPv4-mapped block', ['::ffff:0:0/96'], 'any IPv4 range', ['192.0.2.0/24', '10.0.0.0/8'], true],
      ['the edges of IPv6', ['::/1', '8000::/1'], 'all of it', ['::/0'], true],
      ['the last address', ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], 'a /127 ending on it', ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127'], false],
    ])('%s covering %s: %s', (_, mine, __, theirs, covered) => {
      expect(IpAllowlist.parse(mine).covers(IpAllowlist.parse(theirs))).toBe(covered);
    });

    it('finds a /0 covered by 128 ranges each one bit narrower than the last, and not when the last address is missing', () => {
      const ladder = Array.from({ length: 128 }, (_, i) => `${ipv6Text(1n << BigInt(127 - i))}/${i + 1}`);

      expect(IpAllowlist.parse([...ladder.slice(0, 99), '::/99']).covers(list('::/0'))).toBe(true);
      expect(IpAllowlist.parse(ladder.slice(0, 100)).covers(list('::/0'))).toBe(false);
    });
  });

  describe('properties', () => {
    const prefixes = (longest: number) => fc.integer({ min: 0, max: longest });
    const ipv4 = fc.integer({ min: 0, max: 0xffffffff });
    const ipv6 = fc.bigInt({ min: 0n, max: ALL_ONES_128 });

    it('accepts exactly what Node takes for an IP address (zone IDs aside)', () => {
      const scrambled = fc.string({ unit: fc.constantFrom('0', '1', '2', '5', '9', 'a', 'F', ':', '.'), maxLength: 24 });
      fc.assert(
        fc.property(fc.oneof(fc.ipV4(), fc.ipV4Extended(), fc.ipV6(), scrambled), (text) => {
          const parsed = (() => {
            try {
              return IpAllowlist.parse([text]);
            } catch (error) {
              if (error instanceof InvalidValueError) return null;
              throw error;
            }
          })();
          expect(parsed !== null).toBe(isIP(text) !== 0);
          expect(parsed === null || parsed.allows(text)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    });

    it('writes an IPv6 address as the URL standard does, and the canonical text stands for the same address', () => {
      fc.assert(
        fc.property(fc.ipV6(), (text) => {
          const [canonical = ''] = list(text).ranges;
          expect(urlForm(canonical)).toBe(urlForm(text));
          if (!canonical.includes('.')) expect(canonical).toBe(urlForm(text));
          expect(list(canonical).ranges).toEqual([canonical]);
        }),
        { numRuns: 500 },
      );
    });

    it('an IPv4 range allows exactly the addresses sharing its prefix bits, in both their forms', () => {
      fc.assert(
        fc.property(ipv4, prefixes(32), ipv4, (seed, prefix, probe) => {
          const mask = ipv4Mask(prefix);
          const network = (seed & mask) >>> 0;
          const inside = (network | (probe & ~mask)) >>> 0;
          const allowlist = list(`${ipv4Text(network)}/${prefix}`);

          expect(allowlist.allows(ipv4Text(inside))).toBe(true);
          expect(allowlist.allows(`::ffff:${ipv4Text(inside)}`)).toBe(true);
          expect(allowlist.allows(ipv4Text(probe))).toBe(((probe & mask) >>> 0) === network);
          if (prefix > 0) {
            const outside = (inside ^ (1 << (32 - (probe % prefix) - 1))) >>> 0;
            expect(allowlist.allows(ipv4Text(outside))).toBe(false);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('an IPv6 range allows exactly the addresses sharing its prefix bits', () => {
      fc.assert(
        fc.property(ipv6, prefixes(128), ipv6, (seed, prefix, probe) => {
          const mask = ipv6Mask(prefix);
          const network = seed & mask;
          const inside = network | (probe & ~mask & ALL_ONES_128);
          const allowlist = list(`${ipv6Text(network)}/${prefix}`);

          expect(allowlist.allows(ipv6Text(inside))).toBe(true);
          expect(allowlist.allows(ipv6Text(probe))).toBe((probe & mask) === network);
          if (prefix > 0) {
            const outside = inside ^ (1n << BigInt(128 - Number(probe % BigInt(prefix)) - 1));
            expect(allowlist.allows(ipv6Text(outside))).toBe(false);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('refuses a range whose address has bits set past its prefix, and names the network that has none', () => {
      fc.assert(
        fc.property(ipv6, fc.integer({ min: 0, max: 127 }), (address, prefix) => {
          fc.pre((address & ~ipv6Mask(prefix) & ALL_ONES_128) !== 0n);
          const network = list(`${ipv6Text(address & ipv6Mask(prefix))}/${prefix}`).ranges[0];
          expect(errorOf([`${ipv6Text(address)}/${prefix}`]).message).toContain(`Did you mean ${network}?`);
        }),
      );
    });

    /** Lists of ranges inside one small block, some written IPv4-mapped: every address of the block can be tried. */
    const smallBlockLists = fc.array(
      fc.record({ offset: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 24, max: 32 }), mapped: fc.boolean() }),
      { minLength: 1, maxLength: 6 },
    ).map((ranges) =>
      IpAllowlist.parse(
        ranges.map(({ offset, prefix, mapped }) => {
          const network = ipv4Text((0x0a000000 | (offset & ipv4Mask(prefix))) >>> 0);
          return mapped ? `::ffff:${network}/${96 + prefix}` : `${network}/${prefix}`;
        }),
      ),
    );
    const block = Array.from({ length: 256 }, (_, i) => `10.0.0.${i}`);

    it('covers another list exactly when it allows every address the other allows', () => {
      fc.assert(
        fc.property(smallBlockLists, smallBlockLists, (mine, theirs) => {
          const expected = block.every((address) => !theirs.allows(address) || mine.allows(address));
          expect(mine.covers(theirs)).toBe(expected);
        }),
        { numRuns: 1000 },
      );
    });

    it('covers itself, and a list of its own ranges', () => {
      fc.assert(
        fc.property(smallBlockLists, fc.nat(), (allowlist, pick) => {
          expect(allowlist.covers(allowlist)).toBe(true);
          expect(allowlist.covers(IpAllowlist.parse([allowlist.ranges[pick % allowlist.ranges.length] ?? '']))).toBe(true);
        }),
      );
    });
  });
});
