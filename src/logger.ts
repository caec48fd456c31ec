import { type DestinationStream, pino } from "pino";

/**
 * JSON logs (one object a line) for machines; on a terminal the same records are pretty-printed.
 * Secrets and personal data are redacted by path as a second line of defence: code should not log them
 * at all (request lines carry the route pattern, never the path as sent, the query or the body).
 */

/** Field names that hold a key, a secret or personal data, wherever they appear (up to two levels down). */
const sensitiveFields = [
  "authorization",
  "cookie",
  "password",
  "apiKey",
  "api_key",
  "key",
  "email",
  "emails",
  "receipt_email",
  "phone",
  "billingName",
  "billing_name",
  "billing",
  "billing_details",
  "fingerprint",
  "cardFingerprint",
  "card_fingerprint",
  "card",
  "description",
  "query",
  "body",
];

export const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["stripe-signature"]',
  ...sensitiveFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export function createLogger(
  level: string,
  options: { pretty?: boolean; destination?: DestinationStream } = {},
) {
  const pretty =
    options.destination === undefined &&
    (options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== "production"));
  const settings = {
    level,
    redact: { paths: redactedPaths, censor: "[redacted]" },
    ...(pretty
      ? {
          transport: {
            target: "pino-pretty",
            options: { translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" },
          },
        }
      : {}),
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

export type Logger = ReturnType<typeof createLogger>;
