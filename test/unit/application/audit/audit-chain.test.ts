import { createHash } from 'node:crypto';
import { canonicalJson, chainContent, entryHash, sealAfter } from '../../../../src/application/audit/audit-chain';
import { GENESIS_HASH, type AuditEntry, type AuditRecord } from '../../../../src/application/audit/audit-entry';
import { NodeDigest } from '../../../../src/adapters/crypto/node-digest';

const digest = new NodeDigest();
const AT = new Date('2026-12-04T10:00:00.000Z');

const aRecord = (overrides: Partial<AuditRecord> = {}): AuditRecord => ({
  occurredAt: AT,
  actor: { kind: 'admin', id: 'u-1', name: 'jane' },
  action: 'integration.grant_changed',
  target: { kind: 'integration', id: 'i-1', name: 'ERP' },
  source: { ip: '203.0.113.7', userAgent: 'curl/8', requestId: 'req-1' },
  details: { added: ['Magento_Sales::sales'], removed: [], allResources: { before: false, after: false } },
  ...overrides,
});

describe('canonicalJson', () => {
  it('sorts object keys at every level and writes no spaces, whatever order they were given in', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 2 } })).toBe('{"a":{"c":2,"d":[true,null,"x"]},"b":1}');
    expect(canonicalJson({ a: { c: 2, d: [true, null, 'x'] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 2 } }));
  });

  it('escapes strings as JSON does (quotes, controls, lone surrogates)', () => {
    expect(canonicalJson({ 'k"ey': 'a"\n\u0000\ud800' })).toBe('{"k\\"ey":"a\\"\\n\\u0000\\ud800"}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ u: undefined } as never)).toThrow(TypeError);
  });
});

describe('the chain', () => {
  it('hashes a fixed serialization: the version, every field in order, the details canonical, then prevHash (frozen: stored hashes depend on it)', () => {
    const entry = { ...aRecord({ details: { removed: [], added: ['Magento_Sales::sales'], allResources: { after: false, before: false } } }), seq: 7, prevHash: GENESIS_HASH };
    const content = chainContent(entry);
    expect(content).toBe(
      '["portcullis-audit-v1",7,"2026-12-04T10:00:00.000Z","admin","u-1","jane","integration.grant_changed","integration","i-1","ERP","203.0.113.7","curl/8","req-1",' +
        '{"added":["Magento_Sales::sales"],"allResources":{"after":false,"before":false},"removed":[]},"' +
        GENESIS_HASH +
        '"]',
    );
    expect(entryHash(entry, digest)).toBe(createHash('sha256').update(content, 'utf8').digest('hex'));
    expect(entryHash(entry, digest)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes a missing source as three nulls, so it cannot be told from a source with no field known', () => {
    const entry = { ...aRecord({ source: null }), seq: 1, prevHash: GENESIS_HASH };
    expect(chainContent(entry)).toContain('"ERP",null,null,null,{');
  });

  it('changes the hash when any field changes', () => {
    const base = { ...aRecord(), seq: 3, prevHash: 'a'.repeat(64) };
    const hash = entryHash(base, digest);
    const variants: Array<Omit<AuditEntry, 'hash'>> = [
      { ...base, seq: 4 },
      { ...base, occurredAt: new Date(AT.getTime() + 1) },
      { ...base, actor: { ...base.actor, name: 'john' } },
      { ...base, action: 'integration.updated' },
      { ...base, target: { ...base.target, id: 'i-2' } },
      { ...base, source: { ip: '203.0.113.8', userAgent: 'curl/8', requestId: 'req-1' } },
      { ...base, details: { added: [], removed: ['Magento_Sales::sales'], allResources: { before: false, after: false } } },
      { ...base, prevHash: 'b'.repeat(64) },
    ];
    for (const variant of variants) expect(entryHash(variant, digest)).not.toBe(hash);
  });

  it('seals records after the head: numbers them on from it and links each to the one before', () => {
    const [first, second] = sealAfter(null, [aRecord(), aRecord({ action: 'integration.activated', details: { via: 'local' } })], digest);
    expect(first).toMatchObject({ seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first?.hash });
    const { hash, ...unsealed } = second as AuditEntry;
    expect(entryHash(unsealed, digest)).toBe(hash);

    const [after] = sealAfter({ seq: 41, hash: 'c'.repeat(64) }, [aRecord()], digest);
    expect(after).toMatchObject({ seq: 42, prevHash: 'c'.repeat(64) });
  });
});
