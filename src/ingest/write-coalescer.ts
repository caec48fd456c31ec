import type { Payment } from "../domain/payment.ts";

/** Stores one account's payments in one transaction and says what became of each, in order. */
export type IngestBatch<Result> = (account: string, payments: Payment[]) => Promise<Result[]>;

export interface CoalescerOptions {
  /** The most payments one coalesced transaction takes (a larger request still goes alone, whole). */
  maxBatch?: number;
  /** Told after each committed transaction how many requests it carried. */
  onCommit?: (submissions: number) => void;
}

interface Submission<Result> {
  payments: Payment[];
  ids: Set<string>;
  resolve(results: Result[]): void;
  reject(error: unknown): void;
}

/**
 * Group commit for one process: writers of an account are serialised by its lock in Neo4j anyway, so
 * rather than queue N transactions behind each other, the requests that arrive while one transaction
 * runs are merged into the next one. An idle account adds no wait at all (the first request starts at
 * once); under load the batches grow by themselves, up to `maxBatch` payments.
 *
 * Each request still gets its own results. Two requests naming the same payment never share a
 * transaction (the later one waits for the next), so each sees what a serial pass would have shown it.
 * When a merged transaction fails, its requests are retried one by one: one bad request never fails
 * another, and each gets its own error.
 */
export class WriteCoalescer<Result> {
  readonly #ingest: IngestBatch<Result>;
  readonly #maxBatch: number;
  readonly #onCommit: ((submissions: number) => void) | undefined;
  readonly #waiting = new Map<string, Submission<Result>[]>();
  readonly #running = new Set<string>();
  /** Transactions committed and the submissions they carried, for the metrics and the benchmark. */
  readonly stats = { transactions: 0, submissions: 0 };

  constructor(ingest: IngestBatch<Result>, options: CoalescerOptions = {}) {
    this.#ingest = ingest;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#onCommit = options.onCommit;
  }

  submit(account: string, payments: Payment[]): Promise<Result[]> {
    if (payments.length === 0) return Promise.resolve([]);
    return new Promise<Result[]>((resolve, reject) => {
      const queue = this.#waiting.get(account) ?? [];
      queue.push({ payments, ids: new Set(payments.map((payment) => payment.id)), resolve, reject });
      this.#waiting.set(account, queue);
      if (!this.#running.has(account)) void this.#drain(account);
    });
  }

  async #drain(account: string): Promise<void> {
    this.#running.add(account);
    try {
      for (;;) {
        const group = this.#takeGroup(account);
        if (group.length === 0) return;
        await this.#run(account, group);
      }
    } finally {
      this.#running.delete(account);
      this.#waiting.delete(account);
    }
  }

  /** The waiting submissions, in arrival order, while they fit and name no payment twice. */
  #takeGroup(account: string): Submission<Result>[] {
    const queue = this.#waiting.get(account) ?? [];
    const group: Submission<Result>[] = [];
    const ids = new Set<string>();
    let size = 0;
    while (queue.length > 0) {
      const next = queue[0] as Submission<Result>;
      const fits = group.length === 0 || size + next.payments.length <= this.#maxBatch;
      if (!fits || [...next.ids].some((id) => ids.has(id))) break;
      queue.shift();
      group.push(next);
      size += next.payments.length;
      for (const id of next.ids) ids.add(id);
    }
    return group;
  }

  async #run(account: string, group: Submission<Result>[]): Promise<void> {
    if (group.length === 1) {
      await this.#alone(account, group[0] as Submission<Result>);
      return;
    }
    let results: Result[];
    try {
      results = await this.#ingest(
        account,
        group.flatMap((submission) => submission.payments),
      );
    } catch {
      // Nothing of the merged transaction was written: each request gets its own try, and its own answer.
      for (const submission of group) await this.#alone(account, submission);
      return;
    }
    this.#count(group.length);
    let offset = 0;
    for (const submission of group) {
      submission.resolve(results.slice(offset, offset + submission.payments.length));
      offset += submission.payments.length;
    }
  }

  async #alone(account: string, submission: Submission<Result>): Promise<void> {
    try {
      submission.resolve(await this.#ingest(account, submission.payments));
      this.#count(1);
    } catch (error) {
      submission.reject(error);
    }
  }

  #count(submissions: number): void {
    this.stats.transactions++;
    this.stats.submissions += submissions;
    this.#onCommit?.(submissions);
  }
}
