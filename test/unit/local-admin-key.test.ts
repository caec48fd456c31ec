import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateAdminKey, loadOrCreateLocalAdminKey } from "../../src/config/local-admin-key.ts";

describe("the local admin key", () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), "guestgraph-key-"));
    dirs.push(dir);
    return join(dir, "data");
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it("when generated, then it is gg_admin_ and 32 base62 characters, different each time", () => {
    const keys = new Set(Array.from({ length: 50 }, generateAdminKey));

    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^gg_admin_[0-9A-Za-z]{32}$/);
  });

  it("when the service first starts, then a key is made and kept in <data dir>/api-key readable by its owner only", async () => {
    const dir = await dataDir();

    const local = await loadOrCreateLocalAdminKey(dir);

    expect(local.created).toBe(true);
    expect(local.file).toBe(join(dir, "api-key"));
    expect((await readFile(local.file, "utf8")).trim()).toBe(local.key);
    expect((await stat(local.file)).mode & 0o777).toBe(0o600);
  });

  it("when the service starts again, then the same key is reused", async () => {
    const dir = await dataDir();
    const first = await loadOrCreateLocalAdminKey(dir);

    const second = await loadOrCreateLocalAdminKey(dir);

    expect(second).toEqual({ key: first.key, file: first.file, created: false });
  });

  it("when the key file is readable by others, then it is made owner-only again", async () => {
    const dir = await dataDir();
    const first = await loadOrCreateLocalAdminKey(dir);
    await chmod(first.file, 0o644);

    await loadOrCreateLocalAdminKey(dir);

    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
  });

  it("when the key file holds no usable key, then the error names the file and never repeats its content", async () => {
    const dir = await dataDir();
    await loadOrCreateLocalAdminKey(dir);
    await writeFile(join(dir, "api-key"), "oops\n");

    const load = loadOrCreateLocalAdminKey(dir);

    await expect(load).rejects.toThrow(`The local API key file ${join(dir, "api-key")} is unusable`);
    await expect(loadOrCreateLocalAdminKey(dir)).rejects.not.toThrow(/oops/);
  });
});
