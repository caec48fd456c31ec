import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { Database, type Neo4jConnection } from "../../src/graph/database.ts";
import { startLocalNeo4j } from "../../src/graph/local-neo4j/local-neo4j.ts";
import { applyMigrations } from "../../src/graph/migrations.ts";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
  }
}

interface TestNeo4j {
  connection: Neo4jConnection;
  source: string;
  release(): Promise<void>;
}

/**
 * One real Neo4j for the whole run: NEO4J_URI when set, else a Testcontainers neo4j:5.26 when a Docker
 * engine answers, else the project's own local server on free ports with a fresh store.
 */
export default async function setup(project: TestProject) {
  const started = performance.now();
  const neo4j = await provideTestNeo4j();
  const db = new Database(neo4j.connection);
  try {
    await applyMigrations(db);
    const version = await db.serverVersion();
    console.log(
      `Neo4j under test: ${version}, via ${neo4j.source}, ready in ${Math.round(performance.now() - started)} ms`,
    );
  } finally {
    await db.close();
  }
  project.provide("neo4j", neo4j.connection);
  return () => neo4j.release();
}

async function provideTestNeo4j(): Promise<TestNeo4j> {
  if (process.env.NEO4J_URI) {
    return {
      connection: {
        uri: process.env.NEO4J_URI,
        username: process.env.NEO4J_USERNAME ?? "neo4j",
        password: process.env.NEO4J_PASSWORD ?? "",
        database: process.env.NEO4J_DATABASE ?? "neo4j",
      },
      source: "NEO4J_URI",
      release: async () => {},
    };
  }
  const container = await startContainerIfDockerAnswers();
  if (container) return container;

  // A fresh store per run, named by pid so that runs in parallel (several developers, watch mode) never share one.
  const home = resolve(process.env.GUESTGRAPH_DATA_DIR ?? ".data", `neo4j-test-${process.pid}`);
  await rm(home, { recursive: true, force: true });
  const server = await startLocalNeo4j({
    home,
    boltPort: await freePort(),
    httpPort: await freePort(),
    heap: "1g",
  });
  return {
    connection: { uri: server.uri, username: server.username, password: server.password, database: "neo4j" },
    source: `the local server (started in ${server.startedInMs} ms)`,
    release: async () => {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

async function startContainerIfDockerAnswers(): Promise<TestNeo4j | null> {
  const { getContainerRuntimeClient } = await import("testcontainers");
  try {
    await getContainerRuntimeClient();
  } catch {
    return null; // No Docker engine: fall back to the local server.
  }
  const { Neo4jContainer } = await import("@testcontainers/neo4j");
  const container = await new Neo4jContainer("neo4j:5.26-community").withPassword("guestgraph-test").start();
  return {
    connection: {
      uri: container.getBoltUri(),
      username: "neo4j",
      password: container.getPassword(),
      database: "neo4j",
    },
    source: "Testcontainers",
    release: async () => {
      await container.stop();
    },
  };
}
