import { z } from "zod";
import { apiKeysSchema } from "./api-keys.ts";

/** Every setting GuestGraph reads from the environment, in one schema: the README's configuration table mirrors it. */
const neo4jUriSchemes = ["bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"];

const port = z.coerce.number().int().min(1).max(65535);

export const configSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    HOST: z.string().min(1).default("127.0.0.1"),
    PORT: port.default(3000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    NEO4J_URI: z
      .string()
      .refine(
        (value) => {
          const scheme = /^([a-z0-9+]+):\/\/[^/\s]+/.exec(value)?.[1];
          return scheme !== undefined && neo4jUriSchemes.includes(scheme);
        },
        {
          message: `expected a URI such as bolt://host:7687 or neo4j+s://host (schemes: ${neo4jUriSchemes.join(", ")})`,
        },
      )
      .optional(),
    NEO4J_USERNAME: z.string().min(1).default("neo4j"),
    NEO4J_PASSWORD: z.string().min(8, "expected at least 8 characters (Neo4j's minimum)").optional(),
    NEO4J_DATABASE: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{2,62}$/, "expected a Neo4j database name")
      .default("neo4j"),
    NEO4J_LOCAL_BOLT_PORT: port.default(7687),
    NEO4J_LOCAL_HTTP_PORT: port.default(7474),
    NEO4J_LOCAL_HEAP: z
      .string()
      .regex(/^\d+[mg]$/, "expected a JVM size such as 512m or 1g")
      .default("1g"),
    GUESTGRAPH_DATA_DIR: z.string().min(1).default(".data"),
    GUESTGRAPH_DEFAULT_ACCOUNT: z
      .string()
      .regex(/^acct_[A-Za-z0-9]+$/, "expected a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK")
      .default("acct_default"),
    // An identifier used by more guests than this is a hub: shown and flagged, but it ties no ring together.
    GUESTGRAPH_HUB_GUESTS: z.coerce.number().int().min(1).max(1_000_000).default(50),
    // Parsed into hashed keys at once: see api-keys.ts. Unset means none (then main.ts decides what to do).
    GUESTGRAPH_API_KEYS: apiKeysSchema,
    // Stripe (README "Payments from Stripe"): webhook endpoint secrets, comma-separated while rotating; the
    // API key that `guestgraph backfill` lists charges with.
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .transform((value) =>
        value
          .split(",")
          .map((secret) => secret.trim())
          .filter((secret) => secret !== ""),
      )
      .pipe(
        z
          .array(
            z
              .string()
              .regex(
                /^whsec_[A-Za-z0-9+/=_-]+$/,
                "expected endpoint secrets such as whsec_…, comma-separated",
              ),
          )
          .min(1, "expected at least one endpoint secret (whsec_…)"),
      )
      .optional(),
    // Where the Stripe API is: only changed to point backfills at a local stand-in (tests, stripe-mock).
    STRIPE_API_URL: z
      .url({ protocol: /^https?$/, error: "expected a URL such as https://api.stripe.com" })
      .default("https://api.stripe.com"),
    STRIPE_API_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, "expected a secret or restricted key such as rk_live_…")
      .optional(),
    // Operating it (README "Operating GuestGraph").
    NEO4J_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
    NEO4J_STARTUP_TIMEOUT_S: z.coerce.number().int().min(0).max(3600).default(120),
    GUESTGRAPH_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
    GUESTGRAPH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
    GUESTGRAPH_CORS_ORIGINS: z
      .string()
      .optional()
      .transform((value) => (value ? value.split(",").map((origin) => origin.trim()) : []))
      .refine((origins) => origins.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)), {
        message:
          "expected comma-separated origins such as https://console.example.com (scheme and host, no path)",
      }),
    GUESTGRAPH_TRUST_PROXY: z
      .string()
      .regex(
        /^(\d{1,2}|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/,
        "expected a hop count, loopback, or proxy addresses",
      )
      .optional(),
    GUESTGRAPH_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).default(400),
    GUESTGRAPH_METRICS_ADDRESS: z
      .string()
      .regex(/^[^\s:]+:\d{1,5}$/, "expected host:port, such as 127.0.0.1:9464")
      .optional(),
    // The secret of the keyed hashes erasures are recorded and recognised by; unset: one kept in the data dir.
    GUESTGRAPH_ERASURE_KEY: z.string().min(32, "expected at least 32 characters of secret").optional(),
  })
  .superRefine((config, ctx) => {
    if (config.NEO4J_URI && !config.NEO4J_PASSWORD) {
      ctx.addIssue({ code: "custom", path: ["NEO4J_PASSWORD"], message: "required when NEO4J_URI is set" });
    }
  });

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; a wrong value throws one line naming the variable and what was expected. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in a .env file or compose) means "not set", as most tools treat it.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = configSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = issue?.path.join(".") ?? "environment";
  throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? "invalid value"}`);
}
