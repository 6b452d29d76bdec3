import { GroupCommitNonceWriter, type NonceOutcome } from '../../../../src/adapters/persistence/nonce-writer';
import { type NonceRow } from '../../../../src/adapters/persistence/schemas/rows';

/** A write the test answers when it likes. */
interface PendingWrite {
  readonly rows: readonly NonceRow[];
  answer(outcomes: NonceOutcome[]): void;
  fail(error: Error): void;
}

/** A writer whose batches the test answers by hand, or that misbehaves as told. */
class ScriptedWriter extends GroupCommitNonceWriter {
  readonly writes: PendingWrite[] = [];
  abandoned = 0;
  /** What the next write does instead of waiting to be answered. */
  next: 'wait' | 'throw' | 'no outcomes' = 'wait';

  deleteOlderThan(): Promise<number> {
    return Promise.resolve(0);
  }

  protected write(rows: readonly NonceRow[]): Promise<NonceOutcome[]> {
    if (this.next === 'throw') throw new Error('write threw synchronously');
    if (this.next === 'no outcomes') return Promise.resolve(undefined as unknown as NonceOutcome[]);
    return new Promise<NonceOutcome[]>((resolve, reject) => this.writes.push({ rows, answer: resolve, fail: reject }));
  }

  protected override abandon(): void {
    this.abandoned++;
  }
}

const row = (nonce: string): NonceRow => ({ integrationId: 'integration-1', nonce, timestamp: 1 });
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Turns of the event loop until `condition` holds (a batch is written one turn after use). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 100 && !condition(); turn++) await nextTurn();
  expect(condition()).toBe(true);
}

describe('GroupCommitNonceWriter', () => {
  it('writes the nonces of one turn as one batch, each key once: the first caller gets its outcome, the others false', async () => {
    const writer = new ScriptedWriter();
    const answers = Promise.all([writer.use(row('a')), writer.use(row('b')), writer.use(row('a')), writer.use(row('c'))]);
    await until(() => writer.writes.length === 1);
    expect(writer.writes[0]?.rows.map((written) => written.nonce)).toEqual(['a', 'b', 'c']);
    writer.writes[0]?.answer([true, false, true]);
    expect(await answers).toEqual([true, false, false, true]);
  });

  it('fails the callers of a write that throws instead of rejecting, and goes on writing', async () => {
    const writer = new ScriptedWriter();
    writer.next = 'throw';
    const failed = Promise.allSettled([writer.use(row('a')), writer.use(row('b'))]);
    expect((await failed).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    writer.next = 'wait';
    const later = writer.use(row('c'));
    await until(() => writer.writes.length === 1);
    writer.writes[0]?.answer([true]);
    expect(await later).toBe(true);
    await writer.close();
  });

  it('fails the callers of a write whose answer is not a list of outcomes, and goes on writing', async () => {
    const writer = new ScriptedWriter();
    writer.next = 'no outcomes';
    await expect(writer.use(row('a'))).rejects.toThrow();
    writer.next = 'wait';
    const later = writer.use(row('b'));
    await until(() => writer.writes.length === 1);
    writer.writes[0]?.answer([true]);
    expect(await later).toBe(true);
    await writer.close();
  });

  it('fails, rather than calling a replay, a caller whose row the write gave no outcome', async () => {
    const writer = new ScriptedWriter();
    const answers = Promise.allSettled([writer.use(row('a')), writer.use(row('b')), writer.use(row('b'))]);
    await until(() => writer.writes.length === 1);
    writer.writes[0]?.answer([true]);
    expect((await answers).map((result) => (result.status === 'fulfilled' ? result.value : 'rejected'))).toEqual([true, 'rejected', 'rejected']);
  });

  it('fails only the callers of a row answered with an error', async () => {
    const writer = new ScriptedWriter();
    const answers = Promise.allSettled([writer.use(row('a')), writer.use(row('b')), writer.use(row('b'))]);
    await until(() => writer.writes.length === 1);
    writer.writes[0]?.answer([true, new Error('its integration is gone')]);
    expect((await answers).map((result) => (result.status === 'fulfilled' ? result.value : 'rejected'))).toEqual([true, 'rejected', 'rejected']);
  });

  it('writes one batch at a time by default: the next turns wait and go together', async () => {
    const writer = new ScriptedWriter();
    const first = writer.use(row('a'));
    await until(() => writer.writes.length === 1);
    const second = writer.use(row('b'));
    await nextTurn();
    const third = writer.use(row('c'));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(writer.writes).toHaveLength(1);
    writer.writes[0]?.answer([true]);
    await until(() => writer.writes.length === 2);
    expect(writer.writes[1]?.rows.map((written) => written.nonce)).toEqual(['b', 'c']);
    writer.writes[1]?.answer([true, false]);
    expect(await Promise.all([first, second, third])).toEqual([true, true, false]);
  });

  it('writes up to maxInFlight batches at once, so that one stuck batch holds up no other', async () => {
    const writer = new (class extends ScriptedWriter {
      constructor() {
        super(2);
      }
    })();
    const stuck = writer.use(row('a'));
    await until(() => writer.writes.length === 1);
    const second = writer.use(row('b'));
    await until(() => writer.writes.length === 2);
    writer.writes[1]?.answer([true]);
    expect(await second).toBe(true);
    const third = writer.use(row('c'));
    await until(() => writer.writes.length === 3);
    const fourth = writer.use(row('d'));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(writer.writes).toHaveLength(3);
    writer.writes[2]?.answer([false]);
    expect(await third).toBe(false);
    await until(() => writer.writes.length === 4);
    writer.writes[3]?.answer([true]);
    writer.writes[0]?.answer([true]);
    expect(await Promise.all([stuck, fourth])).toEqual([true, true]);
  });

  it('closes once the batches in flight and waiting are written, then refuses new nonces', async () => {
    const writer = new ScriptedWriter();
    const first = writer.use(row('a'));
    await until(() => writer.writes.length === 1);
    const second = writer.use(row('b'));
    const closed = writer.close();
    writer.writes[0]?.answer([true]);
    await until(() => writer.writes.length === 2);
    writer.writes[1]?.answer([true]);
    await closed;
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(writer.abandoned).toBe(0);
    await expect(writer.use(row('c'))).rejects.toThrow('closed');
  });

  it('closes after its bound when a write never answers, failing its callers and those waiting behind it', async () => {
    const writer = new (class extends ScriptedWriter {
      constructor() {
        super(1, 1);
      }
    })();
    const inFlight = writer.use(row('a'));
    await until(() => writer.writes.length === 1);
    const behind = writer.use(row('b'));
    await writer.close();
    await expect(inFlight).rejects.toThrow('closed before the database answered');
    await expect(behind).rejects.toThrow('closed before the database answered');
    expect(writer.abandoned).toBe(1);
    // The write answering late changes nothing: a caller is answered once.
    writer.writes[0]?.answer([true]);
    await expect(inFlight).rejects.toThrow('closed before the database answered');
  });
});
