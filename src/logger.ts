import { pino } from "pino";

/**
 * JSON logs (one object a line) for machines; on a terminal the same records are pretty-printed.
 * Secrets and personal data are redacted by path as a second line of defence: code should not log them at all.
 */
export function createLogger(level: string, options: { pretty?: boolean } = {}) {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== "production");
  return pino({
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["stripe-signature"]',
        "*.password",
        "*.apiKey",
        "*.email",
        "*.phone",
      ],
      censor: "[redacted]",
    },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
          },
        }
      : {}),
  });
}

export type Logger = ReturnType<typeof createLogger>;
