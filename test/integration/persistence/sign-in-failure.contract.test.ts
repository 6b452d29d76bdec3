import { describeMysql, openInMemory, openMysql, openSqlite, type Backend } from './backends';

const T0 = new Date('2026-05-01T08:00:00.123Z');
const MINUTE = 60 * 1000;
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);

/** The SignInFailureRepository contract, the same for every storage. */
function signInFailureContract(open: () => Promise<Backend>): void {
  let backend: Backend;
  beforeAll(async () => {
    backend = await open();
  });
  beforeEach(async () => {
    await backend.reset();
  });
  afterAll(async () => {
    await backend?.close();
  });

  const recordFailures = async (key: string, count: number, now: Date = T0): Promise<number[]> => {
    const counts: number[] = [];
    for (let i = 0; i < count; i += 1) counts.push((await backend.signInFailures.recordFailure(key, now)).failures);
    return counts;
  };

  it('answers null for a username with no failure', async () => {
    expect(await backend.signInFailures.find('ada')).toBeNull();
  });

  it('counts failures 1..n per username key, each key on its own', async () => {
    expect(await recordFailures('ada', 4)).toEqual([1, 2, 3, 4]);
    expect(await recordFailures('bob', 1)).toEqual([1]);
    expect(await backend.signInFailures.find('ada')).toEqual({ failures: 4, lockExpiresAt: null });
    expect(await backend.signInFailures.find('bob')).toEqual({ failures: 1, lockExpiresAt: null });
  });

  it('locks until a time to the millisecond, keeping the count', async () => {
    const until = at(30 * MINUTE + 333);
    await recordFailures('ada', 6);
    await backend.signInFailures.lock('ada', until);
    expect(await backend.signInFailures.find('ada')).toEqual({ failures: 6, lockExpiresAt: until });
  });

  it('keeps counting, and the lock, for a failure while the lock lasts', async () => {
    const until = at(30 * MINUTE);
    await recordFailures('ada', 6);
    await backend.signInFailures.lock('ada', until);
    expect(await backend.signInFailures.recordFailure('ada', new Date(until.getTime() - 1))).toEqual({ failures: 7, lockExpiresAt: until });
  });

  it('restarts the count at 1 once the lock has ended (at its end time or later)', async () => {
    const until = at(30 * MINUTE);
    await recordFailures('ada', 6);
    await backend.signInFailures.lock('ada', until);
    expect(await backend.signInFailures.recordFailure('ada', until)).toEqual({ failures: 1, lockExpiresAt: null });
    await recordFailures('bob', 6);
    await backend.signInFailures.lock('bob', until);
    expect(await recordFailures('bob', 2, at(2 * 30 * MINUTE))).toEqual([1, 2]);
    expect(await backend.signInFailures.find('bob')).toEqual({ failures: 2, lockExpiresAt: null });
  });

  it('locks a username with no failure recorded, with a count of 0', async () => {
    const until = at(MINUTE);
    await backend.signInFailures.lock('ada', until);
    expect(await backend.signInFailures.find('ada')).toEqual({ failures: 0, lockExpiresAt: until });
  });

  it('clears the failures and the lock; clearing an unknown key is fine; counting starts again', async () => {
    await recordFailures('ada', 6);
    await backend.signInFailures.lock('ada', at(MINUTE));
    await recordFailures('bob', 2);
    await backend.signInFailures.clear('ada');
    await backend.signInFailures.clear('nobody');
    expect(await backend.signInFailures.find('ada')).toBeNull();
    expect(await backend.signInFailures.find('bob')).toEqual({ failures: 2, lockExpiresAt: null });
    expect(await recordFailures('ada', 1)).toEqual([1]);
  });

  it('counts every one of 20 concurrent failures for a new username', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => backend.signInFailures.recordFailure('race', T0)));
    expect(await backend.signInFailures.find('race')).toEqual({ failures: 20, lockExpiresAt: null });
    expect(Math.max(...results.map((r) => r.failures))).toBe(20);
    expect(results.every((r) => r.failures >= 1 && r.failures <= 20)).toBe(true);
  });

  it('counts every one of 20 concurrent failures after a lock ended, forgetting the lock once', async () => {
    await recordFailures('race', 6);
    await backend.signInFailures.lock('race', at(MINUTE));
    await Promise.all(Array.from({ length: 20 }, () => backend.signInFailures.recordFailure('race', at(2 * MINUTE))));
    expect(await backend.signInFailures.find('race')).toEqual({ failures: 20, lockExpiresAt: null });
  });

  it('takes part in a unit of work: a failed unit leaves the counts as they were', async () => {
    await recordFailures('ada', 2);
    await expect(
      backend.unitOfWork.run(async () => {
        await backend.signInFailures.recordFailure('ada', T0);
        await backend.signInFailures.recordFailure('bob', T0);
        await backend.signInFailures.lock('ada', at(MINUTE));
        throw new Error('fails half-way');
      }),
    ).rejects.toThrow('fails half-way');
    expect(await backend.signInFailures.find('ada')).toEqual({ failures: 2, lockExpiresAt: null });
    expect(await backend.signInFailures.find('bob')).toBeNull();
  });

  it('compares keys byte for byte: keys differing by an accent, an emoji or width are different counters (issue 16)', async () => {
    for (const key of ['cafe', 'caf\u00e9', '\u{1F34E}', '\u{1F34F}', '\uff41']) await backend.signInFailures.recordFailure(key, T0);
    await backend.signInFailures.recordFailure('cafe', T0);
    expect(await backend.signInFailures.find('cafe')).toEqual({ failures: 2, lockExpiresAt: null });
    for (const key of ['caf\u00e9', '\u{1F34E}', '\u{1F34F}', '\uff41']) expect(await backend.signInFailures.find(key)).toEqual({ failures: 1, lockExpiresAt: null });
    expect(await backend.signInFailures.find('a')).toBeNull();
  });
}

describe('SignInFailureRepository contract: in-memory', () => {
  signInFailureContract(openInMemory);
});

describe('SignInFailureRepository contract: SQLite (file)', () => {
  signInFailureContract(openSqlite);
});

describeMysql('SignInFailureRepository contract: MySQL/MariaDB', () => {
  signInFailureContract(() => openMysql('portcullis_test_sign_in_failure'));
});
