import { handingOverEvents, type EventHandover } from '../../../../src/adapters/events/handing-over-events';
import { InMemoryDatabase } from '../../../../src/adapters/in-memory/in-memory-database';
import { InMemoryOAuthTokenRepository } from '../../../../src/adapters/in-memory/in-memory-oauth-token.repository';
import { type PortcullisEvent } from '../../../../src/application/ports/domain-events.port';
import { OAuthToken } from '../../../../src/domain/token/oauth-token.aggregate';
import { type OAuthTokenRepository } from '../../../../src/domain/token/oauth-token.repository';

const T0 = new Date('2026-01-01T00:00:00Z');
const T1 = new Date('2026-01-01T00:01:00Z');

/** A recorder that keeps what it is handed. */
class KeepingRecorder implements EventHandover {
  readonly recorded: PortcullisEvent[] = [];
  /** How many writes ran in a unit of work of their own. */
  units = 0;
  record(events: readonly PortcullisEvent[]): Promise<void> {
    this.recorded.push(...events);
    return Promise.resolve();
  }
  inUnitOfWork<T>(work: () => Promise<T>): Promise<T> {
    this.units += 1;
    return work();
  }
}

function setup(): { inner: InMemoryOAuthTokenRepository; tokens: OAuthTokenRepository; recorder: KeepingRecorder } {
  const inner = new InMemoryOAuthTokenRepository(new InMemoryDatabase());
  const recorder = new KeepingRecorder();
  return { inner, tokens: handingOverEvents<OAuthTokenRepository>(inner, ['save', 'replace'], recorder), recorder };
}

const anAccessToken = (): OAuthToken => OAuthToken.issueAccessToken({ id: 'tok-1', integrationId: 'i-1', token: 'a'.repeat(32), secret: 'b'.repeat(32), now: T0 });

describe('handingOverEvents', () => {
  it('hands the saved aggregate’s events over once the save resolves, and only once', async () => {
    const { tokens, recorder } = setup();
    const token = anAccessToken();
    await tokens.save(token);
    await tokens.save(token);
    expect(recorder.recorded.map((event) => event.name)).toEqual(['AccessTokenIssued']);
    expect((await tokens.findByToken('a'.repeat(32)))?.id).toBe('tok-1');
    // Each write and its handing over in one unit of work (the recorder's own when none is open).
    expect(recorder.units).toBe(2);
  });

  it('hands nothing over when the write fails; the events wait for the next successful save', async () => {
    const { inner, tokens, recorder } = setup();
    const token = anAccessToken();
    const save = inner.save.bind(inner);
    inner.save = () => Promise.reject(new Error('disk full'));
    await expect(tokens.save(token)).rejects.toThrow('disk full');
    expect(recorder.recorded).toEqual([]);
    inner.save = save;
    await tokens.save(token);
    expect(recorder.recorded.map((event) => event.name)).toEqual(['AccessTokenIssued']);
  });

  it('hands nothing over when a compare-and-set finds the row changed (nothing was written)', async () => {
    const { tokens, recorder } = setup();
    const verifier = OAuthToken.issueVerifier({ id: 'tok-2', integrationId: 'i-1', token: 'c'.repeat(32), secret: 'd'.repeat(32), verifier: 'v'.repeat(32), now: T0 });
    await tokens.save(verifier);
    verifier.exchangeForRequestToken({ token: 'e'.repeat(32), secret: 'f'.repeat(32) }, T0);
    verifier.exchangeForAccessToken({ token: 'g'.repeat(32), secret: 'h'.repeat(32) }, T1);

    expect(await tokens.replace(verifier, 'not the stored value')).toBe(false);
    expect(recorder.recorded).toEqual([]);
    expect(await tokens.replace(verifier, 'c'.repeat(32))).toBe(true);
    expect(recorder.recorded.map((event) => [event.name, event.payload])).toEqual([['AccessTokenIssued', { integrationId: 'i-1', via: 'token-exchange' }]]);
  });
});
