/** Which page of a list a repository is asked for: `page` is 1-based; past the end: no items. */
export interface PageQuery {
  readonly page: number;
  readonly pageSize: number;
}

/** One page of a list, read as one page (not the whole list), ordered as the repository says. */
export interface Page<T> {
  readonly items: readonly T[];
  /** How many there are (for a filtered list: how many match), over all pages. */
  readonly total: number;
}
