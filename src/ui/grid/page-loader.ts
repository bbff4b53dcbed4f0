// Fetches the grid's rows from the database a page at a time, keeps the last few pages, and asks
// only for pages the user can still see: while the user flings through a million rows, requests
// for pages already scrolled past are never sent, and answers for an older sort or filter are
// dropped (each query change starts a new generation).

export interface Page<Row> {
  rows: Row[];
  /** Rows under the query, across all pages. */
  total: number;
}

export interface PageLoaderOptions<Row, Query> {
  fetchPage: (offset: number, limit: number, query: Query) => Promise<Page<Row>>;
  /** Called when rows or the total changed (after a page arrived). */
  onChange: () => void;
  onError: (thrown: unknown) => void;
  pageSize?: number;
  /** Pages kept in memory (the visible ones are never dropped). */
  capacity?: number;
  /** Page requests under way at once; more would only queue up in the database. */
  maxInFlight?: number;
}

export class PageLoader<Row, Query> {
  readonly pageSize: number;
  readonly #capacity: number;
  readonly #maxInFlight: number;
  readonly #options: PageLoaderOptions<Row, Query>;
  #query: Query;
  #generation = 0;
  /** Page index → rows, in least-recently-wanted first order. */
  #pages = new Map<number, Row[]>();
  #inFlight = new Set<number>();
  #wantedFirst = 0;
  #wantedLast = -1;
  #total: number | null = null;

  constructor(query: Query, options: PageLoaderOptions<Row, Query>) {
    const { pageSize = 200, capacity = 12, maxInFlight = 2 } = options;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be an integer ≥ 1, got ${pageSize}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be an integer ≥ 1, got ${capacity}`);
    this.pageSize = pageSize;
    this.#capacity = capacity;
    this.#maxInFlight = Math.max(1, maxInFlight);
    this.#options = options;
    this.#query = query;
  }

  /** Rows under the current query, or null until the first page of it has arrived. */
  get total(): number | null {
    return this.#total;
  }

  get query(): Query {
    return this.#query;
  }

  /** The row at `index` if its page has arrived. */
  row(index: number): Row | undefined {
    return this.#pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Switches to another sort or filter (or reloads after the data changed): forgets every page. */
  setQuery(query: Query): void {
    this.#query = query;
    this.#generation++;
    this.#pages.clear();
    this.#inFlight = new Set();
    this.#total = null;
    this.#fill();
  }

  /** Rows [start, end) are on screen: fetch their missing pages. */
  want(start: number, end: number): void {
    const first = Math.floor(Math.max(0, start) / this.pageSize);
    const last = Math.floor(Math.max(0, end - 1) / this.pageSize);
    this.#wantedFirst = first;
    this.#wantedLast = Math.max(first, last);
    for (let page = first; page <= this.#wantedLast; page++) {
      const rows = this.#pages.get(page);
      if (rows) {
        this.#pages.delete(page);
        this.#pages.set(page, rows);
      }
    }
    this.#fill();
  }

  #isWanted(page: number): boolean {
    return page >= this.#wantedFirst && page <= this.#wantedLast;
  }

  #fill(): void {
    for (let page = this.#wantedFirst; page <= this.#wantedLast; page++) {
      if (this.#inFlight.size >= this.#maxInFlight) return;
      if (this.#total !== null && page * this.pageSize >= this.#total && page > 0) return;
      if (this.#pages.has(page) || this.#inFlight.has(page)) continue;
      this.#fetch(page);
    }
  }

  #fetch(page: number): void {
    const generation = this.#generation;
    const inFlight = this.#inFlight;
    inFlight.add(page);
    this.#options.fetchPage(page * this.pageSize, this.pageSize, this.#query).then(
      ({ rows, total }) => {
        inFlight.delete(page);
        if (generation !== this.#generation) return;
        this.#pages.set(page, rows);
        this.#total = total;
        this.#evict();
        this.#options.onChange();
        this.#fill();
      },
      (thrown: unknown) => {
        inFlight.delete(page);
        if (generation !== this.#generation) return;
        this.#options.onError(thrown);
      },
    );
  }

  #evict(): void {
    for (const page of this.#pages.keys()) {
      if (this.#pages.size <= this.#capacity) return;
      if (!this.#isWanted(page)) this.#pages.delete(page);
    }
  }
}
