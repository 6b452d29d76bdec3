import {
  blockedRangeOf,
  InvalidAllowedNetworkError,
  OutboundAddressPolicy,
  type ResolvedAddress,
} from '../../../../src/adapters/outbound-http/outbound-address-policy';

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe('blockedRangeOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT (shared address space)'],
    ['0.0.0.0', 'a "this network" address'],
    ['192.0.0.170', 'reserved for IETF protocols'],
    ['198.18.0.1', 'reserved for benchmarking'],
    ['203.0.113.9', 'reserved for documentation'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00::1', 'unique-local (private)'],
    ['fc00::1', 'unique-local (private)'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fec0::1', 'site-local (private)'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved for documentation'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved for IETF protocols (Teredo, ORCHID...)'],
    ['::ffff:127.0.0.1', 'loopback (IPv4-mapped 127.0.0.1)'],
    ['::ffff:a9fe:a9fe', 'link-local (IPv4-mapped 169.254.169.254)'],
    ['::127.0.0.1', 'loopback (IPv4-compatible 127.0.0.1)'],
    ['64:ff9b::10.0.0.1', 'private (NAT64 10.0.0.1)'],
    ['2002:c0a8:101::1', 'private (6to4 192.168.1.1)'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['4000::1', 'not a global unicast address'],
  ])('%s is %s', (address, range) => {
    expect(blockedRangeOf(address)).toBe(range);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    '%s is public',
    (address) => {
      expect(blockedRangeOf(address)).toBeNull();
    },
  );
});

describe('OutboundAddressPolicy', () => {
  describe('by default (PUBLIC_ONLY)', () => {
    const policy = OutboundAddressPolicy.PUBLIC_ONLY;

    it('allows a host whose addresses are all public', () => {
      expect(policy.refusalOf('partner.example', [v4('93.184.216.34'), v6('2606:2800:220:1::1')])).toBeNull();
    });

    it('refuses an IP literal in a blocked range, naming the address and the range', () => {
      expect(policy.refusalOf('10.1.2.3', [v4('10.1.2.3')])).toBe('the address 10.1.2.3 is private and not in the allowed networks');
    });

    it('refuses a host name when any of its addresses is blocked, naming the host and that address', () => {
      expect(policy.refusalOf('Partner.Example.', [v4('93.184.216.34'), v4('169.254.169.254')])).toBe(
        'the host partner.example resolves to 169.254.169.254, which is link-local and not in the allowed networks',
      );
    });

    it('refuses localhost as any other name resolving to loopback', () => {
      expect(policy.refusalOf('localhost', [v6('::1'), v4('127.0.0.1')])).toBe('the host localhost resolves to ::1, which is loopback and not in the allowed networks');
    });
  });

  describe('allowing', () => {
    it('an address allows that address only', () => {
      const policy = OutboundAddressPolicy.allowing(['10.1.2.3']);
      expect(policy.refusalOf('10.1.2.3', [v4('10.1.2.3')])).toBeNull();
      expect(policy.refusalOf('10.1.2.4', [v4('10.1.2.4')])).not.toBeNull();
    });

    it('a CIDR range allows its addresses, their IPv4-mapped forms included', () => {
      const policy = OutboundAddressPolicy.allowing(['10.20.0.0/16', 'fd00:1::/32']);
      expect(policy.refusalOf('erp.corp', [v4('10.20.3.4'), v6('fd00:1::5')])).toBeNull();
      expect(policy.refusalOf('::ffff:10.20.3.4', [v6('::ffff:10.20.3.4')])).toBeNull();
      expect(policy.refusalOf('erp.corp', [v4('10.21.0.1')])).toBe('the host erp.corp resolves to 10.21.0.1, which is private and not in the allowed networks');
      expect(policy.refusalOf('fd00:2::1', [v6('fd00:2::1')])).not.toBeNull();
    });

    it('a host name trusts whatever that name resolves to, and nothing else', () => {
      const policy = OutboundAddressPolicy.allowing(['ERP.internal.']);
      expect(policy.refusalOf('erp.internal', [v4('10.9.9.9'), v4('127.0.0.1')])).toBeNull();
      expect(policy.refusalOf('other.internal', [v4('10.9.9.9')])).not.toBeNull();
      expect(policy.refusalOf('10.9.9.9', [v4('10.9.9.9')])).not.toBeNull();
    });

    it('ignores blank entries', () => {
      expect(OutboundAddressPolicy.allowing(['', '  ']).refusalOf('127.0.0.1', [v4('127.0.0.1')])).not.toBeNull();
    });

    it('0.0.0.0/0 and ::/0 allow everything (not recommended, but expressible)', () => {
      const policy = OutboundAddressPolicy.allowing(['0.0.0.0/0', '::/0']);
      expect(policy.refusalOf('127.0.0.1', [v4('127.0.0.1')])).toBeNull();
      expect(policy.refusalOf('fe80::1', [v6('fe80::1')])).toBeNull();
    });

    it.each(['10.0.0.0/33', '::/129', '10.0.0/8', '10.0.0.0/', '10.0.0.0/x', 'http://erp.internal', 'erp internal', '*.corp.example', '0x7f000001', '2130706433', '-bad.example'])(
      'refuses the entry %j, naming it',
      (entry) => {
        expect(() => OutboundAddressPolicy.allowing(['127.0.0.1', entry])).toThrow(new InvalidAllowedNetworkError(entry));
        expect(new InvalidAllowedNetworkError(entry).message).toBe(`"${entry}" is not an IP address, a CIDR range (such as 10.0.0.0/8 or fd00::/8) or a host name`);
      },
    );
  });
});
