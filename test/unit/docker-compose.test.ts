import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema } from "../../src/config/env.ts";

/**
 * There is no Docker engine in CI, so `docker compose up` cannot be run here: these tests read docker-compose.yml
 * and the Dockerfile and check the wiring a user relies on (images, ports, volume, health, environment).
 */

const root = join(import.meta.dirname, "..", "..");

interface Healthcheck {
  test: string | string[];
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number)[];
  volumes?: string[];
  healthcheck?: Healthcheck;
  depends_on?: string[] | Record<string, { condition?: string }>;
}

interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

function readCompose(): ComposeFile {
  return parse(readFileSync(join(root, "docker-compose.yml"), "utf8")) as ComposeFile;
}

function service(compose: ComposeFile, name: string): Service {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Environment as a map whatever form the file uses (map, or list of KEY=value). */
function environmentOf(svc: Service): Record<string, string> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf("=");
        return at === -1 ? [entry, ""] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? "" : String(value)]),
  );
}

/** Container ports a service publishes, from short syntax such as "7687", "7687:7687" or "127.0.0.1:7687:7687/tcp". */
function publishedContainerPorts(svc: Service): number[] {
  return (svc.ports ?? []).map((port) => {
    const withoutProtocol = String(port).split("/")[0] ?? "";
    return Number(withoutProtocol.split(":").at(-1));
  });
}

/** Names of the variables a Compose value interpolates: ${NAME}, ${NAME:-default}, ${NAME:?error}, $NAME. */
function interpolatedVariables(value: string): string[] {
  const unescaped = value.replaceAll("$$", "");
  return [...unescaped.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)/g)].map(
    (match) => match[1] ?? match[2] ?? "",
  );
}

function healthcheckCommand(check: Healthcheck | undefined): string {
  if (!check) return "";
  return Array.isArray(check.test) ? check.test.join(" ") : check.test;
}

describe("docker-compose.yml: the neo4j service", () => {
  it("when the file is read, then neo4j runs the neo4j:5.26-community image", () => {
    const neo4j = service(readCompose(), "neo4j");

    expect(neo4j.image).toBe("neo4j:5.26-community");
  });

  it("when its ports are read, then Bolt (7687) and Neo4j Browser (7474) are published", () => {
    const ports = publishedContainerPorts(service(readCompose(), "neo4j"));

    expect(ports).toEqual(expect.arrayContaining([7687, 7474]));
  });

  it("when its volumes are read, then a named volume declared at the top level is mounted at /data", () => {
    const compose = readCompose();
    const dataMount = (service(compose, "neo4j").volumes ?? []).find(
      (mount) => mount.split(":")[1] === "/data",
    );
    const volumeName = dataMount?.split(":")[0] ?? "";

    expect(dataMount).toBeDefined();
    expect(volumeName).not.toMatch(/^[./~]/); // a name, not a host path
    expect(Object.keys(compose.volumes ?? {})).toContain(volumeName);
  });

  it("when its healthcheck is read, then it runs a Cypher query through cypher-shell", () => {
    const check = service(readCompose(), "neo4j").healthcheck;

    expect(check?.test[0]).toMatch(/^CMD(-SHELL)?$/);
    expect(healthcheckCommand(check)).toMatch(/cypher-shell .*RETURN 1/);
  });

  it("when its environment is read, then NEO4J_AUTH takes the password from a required variable", () => {
    const auth = environmentOf(service(readCompose(), "neo4j")).NEO4J_AUTH ?? "";

    expect(auth).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD:\?[^}]+\}$/);
  });

  it("when its environment is read, then the heap and page cache are capped", () => {
    const env = environmentOf(service(readCompose(), "neo4j"));

    expect(env.NEO4J_server_memory_heap_max__size).toMatch(/^\d+[mMgG]$/);
    expect(env.NEO4J_server_memory_pagecache_size).toMatch(/^\d+[mMgG]$/);
  });
});

describe("docker-compose.yml: the api service", () => {
  it("when the file is read, then api is built from the Dockerfile at the repository root", () => {
    const build = service(readCompose(), "api").build;
    const context = typeof build === "string" ? build : build?.context;
    const dockerfile = typeof build === "string" ? "Dockerfile" : (build?.dockerfile ?? "Dockerfile");

    expect(context).toBe(".");
    expect(dockerfile).toBe("Dockerfile");
  });

  it("when its ports are read, then the API port 3000 is published", () => {
    const ports = publishedContainerPorts(service(readCompose(), "api"));

    expect(ports).toContain(3000);
  });

  it("when its dependencies are read, then it waits for neo4j to be healthy", () => {
    const dependsOn = service(readCompose(), "api").depends_on;

    expect(dependsOn).toEqual({ neo4j: expect.objectContaining({ condition: "service_healthy" }) });
  });

  it("when its healthcheck is read, then it asks /healthz with node's fetch on the port the API listens on", () => {
    const compose = readCompose();
    const api = service(compose, "api");
    const command = healthcheckCommand(api.healthcheck);

    expect(api.healthcheck?.test[0]).toMatch(/^CMD(-SHELL)?$/);
    expect(command).toContain("node");
    expect(command).toContain(`:${environmentOf(api).PORT}/healthz`);
  });

  it("when its environment is read, then NEO4J_URI points at the neo4j service's Bolt port", () => {
    const compose = readCompose();
    const uri = new URL(environmentOf(service(compose, "api")).NEO4J_URI ?? "");

    expect(uri.protocol).toBe("bolt:");
    expect(uri.hostname).toBe("neo4j");
    expect(Object.keys(compose.services)).toContain(uri.hostname);
    expect(publishedContainerPorts(service(compose, "neo4j"))).toContain(Number(uri.port));
  });

  it("when its environment is read, then the API's password is the variable that set Neo4j's password", () => {
    const compose = readCompose();
    const apiPassword = environmentOf(service(compose, "api")).NEO4J_PASSWORD ?? "";
    const neo4jAuth = environmentOf(service(compose, "neo4j")).NEO4J_AUTH ?? "";

    expect(interpolatedVariables(apiPassword)).toEqual(["NEO4J_PASSWORD"]);
    expect(interpolatedVariables(neo4jAuth)).toEqual(["NEO4J_PASSWORD"]);
    expect(environmentOf(service(compose, "api")).NEO4J_USERNAME).toBe(neo4jAuth.split("/")[0]);
  });

  it("when its environment is read, then it listens on all interfaces and API keys are required", () => {
    const env = environmentOf(service(readCompose(), "api"));

    expect(env.HOST).toBe("0.0.0.0");
    expect(env.GUESTGRAPH_API_KEYS).toMatch(/^\$\{GUESTGRAPH_API_KEYS:\?[^}]+\}$/);
  });

  it("when its environment is read, then every variable it sets is one the config schema knows", () => {
    const schemaKeys = Object.keys(configSchema.shape);
    const apiVariables = Object.keys(environmentOf(service(readCompose(), "api")));

    expect(apiVariables.length).toBeGreaterThan(0);
    expect(apiVariables.filter((name) => !schemaKeys.includes(name))).toEqual([]);
  });

  it("when its literal values are parsed, then the config schema accepts each of them", () => {
    const env = environmentOf(service(readCompose(), "api"));
    const literals = Object.entries(env).filter(([, value]) => !value.includes("$"));
    const shape: Record<string, { safeParse(value: unknown): { success: boolean } }> = configSchema.shape;

    const rejected = literals
      .filter(([name, value]) => !shape[name]?.safeParse(value).success)
      .map(([name]) => name);

    expect(literals.length).toBeGreaterThan(0);
    expect(rejected).toEqual([]);
  });
});

describe("Dockerfile", () => {
  const dockerfile = () => readFileSync(join(root, "Dockerfile"), "utf8");
  const instructions = () =>
    dockerfile()
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));

  it("when it is read, then the image (and the stage building the console) is based on node:24-slim", () => {
    const from = instructions().filter((line) => /^FROM\s/i.test(line));

    expect(from).toEqual(["FROM node:24-slim AS console", "FROM node:24-slim"]);
  });

  it("when it is read, then the console is built in its own stage and only its build is copied into the image", () => {
    const lines = instructions();
    const finalStage = lines.slice(lines.lastIndexOf("FROM node:24-slim"));

    expect(lines).toContain("RUN node console/build.ts --force");
    expect(finalStage).toContain("COPY --from=console /build/console/dist/ ./console/dist/");
    expect(finalStage.some((line) => /^COPY\s+console\//.test(line))).toBe(false);
  });

  it("when it is read, then the last USER is a non-root user", () => {
    const user = instructions()
      .filter((line) => /^USER\s/i.test(line))
      .at(-1)
      ?.split(/\s+/)[1];

    expect(user).toBe("node");
  });

  it("when it is read, then production dependencies are installed from the lockfile", () => {
    const runs = instructions().filter((line) => /^RUN\s/i.test(line));

    expect(runs.some((line) => line.includes("npm ci --omit=dev"))).toBe(true);
  });

  it("when it is read, then src/, cypher/ and both package files are copied in", () => {
    const copied = instructions()
      .filter((line) => /^COPY\s/i.test(line))
      .flatMap((line) => line.split(/\s+/).slice(1, -1));

    expect(copied).toEqual(expect.arrayContaining(["package.json", "package-lock.json", "src/", "cypher/"]));
  });

  it("when it is read, then the container runs src/main.ts with node, and that file exists", () => {
    const cmd = instructions().filter((line) => /^CMD\s/i.test(line));

    expect(cmd).toEqual(['CMD ["node", "src/main.ts"]']);
    expect(readFileSync(join(root, "src", "main.ts"), "utf8").length).toBeGreaterThan(0);
  });
});
