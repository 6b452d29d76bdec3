import { injectionToken } from '../kernel/injection-token';
import { type Page, type PageQuery } from '../kernel/page';
import { type Integration, type IntegrationStatus, type SetupType } from './integration.aggregate';

/** The columns of the integrations grid a list may be ordered by. */
export const INTEGRATION_SORT_FIELDS = ['name', 'email', 'status', 'setupType', 'lastUsedAt'] as const;
export type IntegrationSortField = (typeof INTEGRATION_SORT_FIELDS)[number];

/**
 * How a list is ordered, the same on every storage:
 * - `name`: the names' comparison keys (code point order), then id;
 * - `email`: the addresses with A-Z folded to a-z, in code point order;
 * - `status`, `setupType`: the stored word (`active` < `inactive` < `reset`; `config` < `manual`);
 * - `lastUsedAt`: never used first when ascending, last when descending.
 * Ties (every field but `name`) are ordered by name key, then id, ascending.
 */
export interface IntegrationOrder {
  readonly by: IntegrationSortField;
  readonly direction: 'asc' | 'desc';
}

export interface IntegrationListQuery extends PageQuery {
  readonly status?: IntegrationStatus;
  readonly setupType?: SetupType;
  /** A part of the name, matched on comparison keys (`IntegrationName.keyOf`: case, accents, width, spacing ignored). */
  readonly nameContains?: string;
  /** A part of the email address, A-Z and a-z alike (`%`, `_` and `!` are literal). */
  readonly emailContains?: string;
  /** Integrations whose lastUsedAt is before it, or never used and created before it. */
  readonly unusedSince?: Date;
  /** Default: by name, ascending. */
  readonly order?: IntegrationOrder;
}

export type IntegrationPage = Page<Integration>;

/** Where integrations (with their consumer) are kept. */
export interface IntegrationRepository {
  /** @returns null when there is none. */
  findById(id: string): Promise<Integration | null>;
  /** By comparison key (`IntegrationName.keyOf`). @returns null when there is none. */
  findByName(name: string): Promise<Integration | null>;
  /** @returns null when no integration has this consumer key. */
  findByConsumerKey(consumerKey: string): Promise<Integration | null>;
  /** The integrations that match the filters, ordered as `order` says (default: by the names' comparison keys, then id). */
  list(query: IntegrationListQuery): Promise<IntegrationPage>;
  /**
   * Inserts or updates.
   * @throws IntegrationNameTakenError when another integration's name has the same comparison key
   *   (a unique key compared byte for byte, so two concurrent saves cannot both win).
   */
  save(integration: Integration): Promise<void>;
  /**
   * Sets `lastUsedAt` to `at` unless it is already later than `at - minIntervalSeconds`: one
   * conditional write, so many processes together write at most once per interval. Touches
   * nothing else of the integration (no read-modify-write race with an admin's save).
   * @returns true when written
   */
  recordUse(id: string, at: Date, minIntervalSeconds: number): Promise<boolean>;
  /**
   * Removes the integration with everything that belongs to it, all or nothing (inside the
   * caller's unit of work when there is one): its consumer, its OAuth tokens of every type, the
   * nonces it used and its role with the role's grant. Callers delete nothing else by hand; no
   * other integration's rows and no admin role are touched. Absent ids are ignored.
   */
  delete(id: string): Promise<void>;
}

export const INTEGRATION_REPOSITORY = injectionToken<IntegrationRepository>('IntegrationRepository');
