/** How the guard authenticates requests (OAUTH.md §5). */
export interface GuardSettings {
  /** Accept an integration's access token as `Authorization: Bearer` (default off, as Magento 2.4.4+). */
  readonly integrationBearer: boolean;
  /** `lastUsedAt` of an integration is written at most once per this many seconds. */
  readonly lastUsedIntervalSeconds: number;
}

export const DEFAULT_GUARD_SETTINGS: GuardSettings = Object.freeze({ integrationBearer: false, lastUsedIntervalSeconds: 60 });

export const GUARD_SETTINGS = Symbol.for('portcullis.GuardSettings');
