/**
 * Long work on the event loop in slices: `await slicer.pause()` between units of work gives other requests
 * (and /healthz) their turn once a slice has run for `sliceMs`, so no single request holds the loop for long
 * whatever it sent. Cheap when called often: it only reads the clock.
 */
export class TimeSlicer {
  readonly #sliceMs: number;
  #sliceStarted = performance.now();

  constructor(sliceMs = 10) {
    this.#sliceMs = sliceMs;
  }

  /** Yields to the event loop (setImmediate: after pending I/O) when the current slice has run its time. */
  async pause(): Promise<void> {
    if (performance.now() - this.#sliceStarted < this.#sliceMs) return;
    await new Promise<void>((resume) => setImmediate(resume));
    this.#sliceStarted = performance.now();
  }
}
