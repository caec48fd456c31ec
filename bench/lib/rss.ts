import { readFileSync } from "node:fs";

/** The peak resident memory of another process (Linux /proc), sampled every 100 ms while started. */
export class RssSampler {
  readonly #pid: number;
  #timer: NodeJS.Timeout | null = null;
  #peakKb = 0;

  constructor(pid: number) {
    this.#pid = pid;
  }

  start(): void {
    this.#peakKb = 0;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 100);
  }

  /** Stops sampling and answers the peak in MB. */
  stop(): number {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#sample();
    return Math.round(this.#peakKb / 1024);
  }

  #sample(): void {
    try {
      const status = readFileSync(`/proc/${this.#pid}/status`, "utf8");
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > this.#peakKb) this.#peakKb = kb;
    } catch {
      // The process has ended, or this is not Linux: the peak stays what was seen.
    }
  }
}
