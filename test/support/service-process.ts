import { type ChildProcess, spawn } from "node:child_process";

/**
 * `npm start` as operators run it: `node src/main.ts` in its own process with the given environment,
 * its JSON log lines (stdout) and its stderr collected, for tests of start-up, faults and shutdown.
 */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Every stdout line so far (JSON log records, one a line). */
  readonly lines: string[];
  readonly stderr: string[];
  /** Resolves with the first log record whose `msg` matches (or rejects after timeoutMs). */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  records(): Record<string, unknown>[];
}

export function startServiceProcess(env: Record<string, string>): ServiceProcess {
  const child = spawn(process.execPath, ["src/main.ts"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { msg: RegExp; done: (record: Record<string, unknown>) => void }[] = [];
  const parse = (line: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  let pending = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const line of parts) {
      lines.push(line);
      const record = parse(line);
      if (!record) continue;
      for (const waiter of [...waiters]) {
        if (waiter.msg.test(String(record.msg))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.done(record);
        }
      }
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => stderr.push(...chunk.toString().split("\n").filter(Boolean)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  return {
    child,
    lines,
    stderr,
    exited,
    records: () => lines.map(parse).filter((record) => record !== null),
    waitForLog(msg, timeoutMs = 60_000) {
      const seen = lines.map(parse).find((record) => record && msg.test(String(record.msg)));
      if (seen) return Promise.resolve(seen);
      return new Promise((done, fail) => {
        const timer = setTimeout(() => {
          fail(
            new Error(`no log line matching ${msg} within ${timeoutMs} ms; stderr: ${stderr.join(" | ")}`),
          );
        }, timeoutMs);
        waiters.push({
          msg,
          done: (record) => {
            clearTimeout(timer);
            done(record);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          fail(new Error(`the service exited before logging ${msg}; stderr: ${stderr.join(" | ")}`));
        });
      });
    },
  };
}
