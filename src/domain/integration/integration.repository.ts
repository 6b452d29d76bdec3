import { type Integration, type IntegrationStatus, type SetupType } from './integration.aggregate';

export interface IntegrationListQuery {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  readonly status?: IntegrationStatus;
  readonly setupType?: SetupType;
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
}

export interface IntegrationPage {
  /** Ordered by name (case-insensitive), then id. */
  readonly items: readonly Integration[];
  /** How many integrations match the filters, over all pages. */
  readonly total: number;
}

/** Where integrations (with their consumer) are kept. */
export interface IntegrationRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<Integration | null>;
  /** Case-insensitive. @returns null when there is none. */
  findByName(name: string): Promise<Integration | null>;
  /** @returns null when no integration has this consumer key. */
  findByConsumerKey(consumerKey: string): Promise<Integration | null>;
  list(query: IntegrationListQuery): Promise<IntegrationPage>;
  /**
   * Inserts or updates.
   * @throws IntegrationNameTakenError when another integration has the same name ignoring case
   *   (a unique key, so two concurrent saves cannot both win).
   */
  save(integration: Integration): Promise<void>;
  /**
   * Sets `lastUsedAt` to `at` unless it is already later than `at - minIntervalSeconds`: one
   * conditional write, so many processes together write at most once per interval. Touches
   * nothing else of the integration (no read-modify-write race with an admin's save).
   * @returns true when written
   */
  recordUse(id: string, at: Date, minIntervalSeconds: number): Promise<boolean>;
  /** Removes the integration and its consumer; absent ids are ignored. */
  delete(id: string): Promise<void>;
}

export const INTEGRATION_REPOSITORY = Symbol.for('portcullis.IntegrationRepository');
