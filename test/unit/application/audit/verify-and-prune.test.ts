import { type AuditEntry } from '../../../../src/application/audit/audit-entry';
import { testCore, type TestCore } from '../../../support/test-core';

/** A trail of `count` integrations created a minute apart (two entries each: created, grant_changed). */
async function aTrail(count: number): Promise<TestCore> {
  const core = testCore();
  for (let n = 1; n <= count; n += 1) {
    await core.portcullis.integrations.create({ name: `Integration ${n}`, email: 'ops@example.com', resourceAccess: 'all' });
    core.clock.advance(60);
  }
  return core;
}

const stored = (core: TestCore): Map<number, AuditEntry> => core.database.tables.auditEntries;

describe('VerifyAuditChain', () => {
  it('says how many entries it checked, from which to which', async () => {
    const core = await aTrail(3);
    await expect(core.portcullis.audit.verify()).resolves.toEqual({ valid: true, entries: 6, firstSeq: 1, lastSeq: 6, anchor: null, problem: null });
    await expect(testCore().portcullis.audit.verify()).resolves.toEqual({ valid: true, entries: 0, firstSeq: null, lastSeq: null, anchor: null, problem: null });
  });

  it('names an entry whose content was changed', async () => {
    const core = await aTrail(3);
    const entry = stored(core).get(4) as AuditEntry;
    stored(core).set(4, { ...entry, target: { ...entry.target, name: 'Someone Else' } });
    await expect(core.portcullis.audit.verify()).resolves.toMatchObject({
      valid: false,
      entries: 4,
      problem: { seq: 4, kind: 'content', message: 'Entry #4 was altered: its content does not match its hash.' },
    });
  });

  it('names the entry after one rewritten with a new hash, and the one after a gap', async () => {
    const core = await aTrail(3);
    const entry = stored(core).get(2) as AuditEntry;
    stored(core).set(2, { ...entry, hash: 'f'.repeat(64) });
    // #2's own hash is wrong too, and it comes first.
    await expect(core.portcullis.audit.verify()).resolves.toMatchObject({ problem: { seq: 2, kind: 'content' } });

    const relinked = await aTrail(3);
    const third = stored(relinked).get(3) as AuditEntry;
    stored(relinked).set(3, { ...third, prevHash: 'e'.repeat(64) });
    await expect(relinked.portcullis.audit.verify()).resolves.toMatchObject({
      problem: { seq: 3, kind: 'link', message: 'Entry #3 does not follow entry #2: its prevHash is not that hash (one of the two was rewritten).' },
    });

    const gapped = await aTrail(3);
    stored(gapped).delete(3);
    stored(gapped).delete(4);
    await expect(gapped.portcullis.audit.verify()).resolves.toMatchObject({
      entries: 3,
      problem: { seq: 5, kind: 'gap', message: 'Entry #5 comes after entry #2: entries #3 to #4 are missing.' },
    });
    const headless = await aTrail(1);
    stored(headless).delete(1);
    await expect(headless.portcullis.audit.verify()).resolves.toMatchObject({ problem: { seq: 2, kind: 'gap', message: 'Entry #2 comes after the start: entry #1 is missing.' } });
  });
});

describe('PruneAuditEntries (retention)', () => {
  it('removes nothing without a retention', async () => {
    const core = await aTrail(2);
    await expect(core.portcullis.audit.prune()).resolves.toEqual({ pruned: 0 });
    expect(stored(core).size).toBe(4);
  });

  it('removes the entries older than the retention from the start, records the last one as the anchor, and the rest still verifies', async () => {
    const core = testCore({ auditRetentionDays: 1 });
    for (const name of ['Old 1', 'Old 2']) await core.portcullis.integrations.create({ name, email: 'ops@example.com', resourceAccess: 'all' });
    core.clock.advance(2 * 86_400);
    await core.portcullis.integrations.create({ name: 'New', email: 'ops@example.com', resourceAccess: 'all' });
    const lastOld = stored(core).get(4) as AuditEntry;

    await expect(core.portcullis.audit.prune()).resolves.toEqual({ pruned: 4 });
    expect([...stored(core).keys()]).toEqual([5, 6]);
    expect(core.database.tables.auditAnchor).toEqual({ seq: 4, hash: lastOld.hash });
    await expect(core.portcullis.audit.verify()).resolves.toEqual({ valid: true, entries: 2, firstSeq: 5, lastSeq: 6, anchor: { seq: 4, hash: lastOld.hash }, problem: null });

    // New entries go on from the chain; a first entry that does not follow the anchor is named.
    await core.portcullis.integrations.create({ name: 'Newer', email: 'ops@example.com', resourceAccess: 'all' });
    expect((stored(core).get(7) as AuditEntry).prevHash).toBe((stored(core).get(6) as AuditEntry).hash);
    core.database.tables.auditAnchor = { seq: 4, hash: '0'.repeat(64) };
    await expect(core.portcullis.audit.verify()).resolves.toMatchObject({ valid: false, problem: { seq: 5, kind: 'anchor' } });
  });

  it('continues the chain from the anchor when every entry was pruned', async () => {
    const core = testCore({ auditRetentionDays: 1 });
    await core.portcullis.integrations.create({ name: 'Old', email: 'ops@example.com', resourceAccess: 'all' });
    core.clock.advance(2 * 86_400);
    await core.portcullis.audit.prune();
    expect(stored(core).size).toBe(0);
    await core.portcullis.integrations.create({ name: 'New', email: 'ops@example.com', resourceAccess: 'all' });
    expect([...stored(core).keys()]).toEqual([3, 4]);
    await expect(core.portcullis.audit.verify()).resolves.toMatchObject({ valid: true, entries: 2, anchor: { seq: 2 } });
  });
});
