import { Presets, SingleBar } from "cli-progress";

/**
 * A progress bar on a terminal (count, rate, ETA when the total is known), drawn on stderr so that
 * stdout stays for results; nothing at all when stderr is not a terminal (logs, CI, pipes).
 */
export interface Progress {
  /** `done` items so far; `total` when it became known or changed (for a file: bytes). */
  update(done: number, payload?: Record<string, string | number>): void;
  setTotal(total: number): void;
  stop(): void;
}

export function progressBar(options: {
  unit: string;
  total: number | null;
  /** The format's first part, e.g. "{value}/{total} payments". */
  format?: string;
  /** The values the format names beyond value, total and rate, as they start. */
  initial?: Record<string, string | number>;
}): Progress {
  if (!process.stderr.isTTY) return { update() {}, setTotal() {}, stop() {} };
  const known = options.total !== null;
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format:
        options.format ??
        (known
          ? `{bar} {percentage}% | {value}/{total} ${options.unit} | {rate}/s | ETA {eta_formatted}`
          : `{value} ${options.unit} | {rate}/s`),
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  bar.start(options.total ?? 0, 0, { rate: 0, ...options.initial });
  return {
    update(done, payload = {}) {
      bar.update(done, { rate: rate(done), ...payload });
    },
    setTotal(total) {
      bar.setTotal(total);
    },
    stop() {
      bar.stop();
    },
  };
}
