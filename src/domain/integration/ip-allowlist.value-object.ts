import { InvalidValueError } from '../kernel/domain-error';

/**
 * The client addresses an integration may call from: CIDR ranges, IPv4 and IPv6 (a bare address
 * is a range of one). Empty: every address. Parsed and matched here without libraries (the domain
 * imports nothing).
 */
export class IpAllowlist {
  private constructor(readonly ranges: readonly string[]) {}

  /** Every address may call. */
  static any(): IpAllowlist {
    return new IpAllowlist([]);
  }

  /**
   * @param ranges `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32`, `::1` … (blanks around each ignored)
   * @throws InvalidValueError (code VALIDATION.IP_RANGE) naming the first entry that is not an address or CIDR range
   */
  static parse(ranges: readonly string[]): IpAllowlist {
    void ranges;
    throw new InvalidValueError('VALIDATION.IP_RANGE', 'not implemented', {});
  }

  get isOpen(): boolean {
    return this.ranges.length === 0;
  }

  /** Whether `address` (IPv4, IPv6, IPv4-mapped IPv6; undefined when unknown) may call. */
  allows(address: string | undefined): boolean {
    void address;
    return this.isOpen;
  }

  /** Whether every address `other` allows is allowed here too (`other` is no wider). */
  covers(other: IpAllowlist): boolean {
    void other;
    return this.isOpen;
  }
}
