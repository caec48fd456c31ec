import { describe, expect, it } from "vitest";
import type { Payment } from "../../src/domain/payment.ts";
import { WriteCoalescer } from "../../src/ingest/write-coalescer.ts";

/**
 * The coalescer's scheduling only: which requests share a transaction, and who gets which answer. The
 * transaction itself is a recording stand-in here; the component tests run the real one on Neo4j.
 */

function payment(id: string, account = "acct_1"): Payment {
  return { id, account } as Payment;
}

interface Recorder {
  transactions: string[][];
  release(): void;
}

/** An ingest that records each transaction's payment ids and holds it open until released. */
function recordingIngest(options: { failWhen?: (ids: string[]) => boolean } = {}) {
  let gate: (() => void) | null = null;
  const recorder: Recorder = {
    transactions: [],
    release: () => {
      const open = gate;
      gate = null;
      open?.();
    },
  };
  const ingest = async (_account: string, payments: Payment[]) => {
    const ids = payments.map((p) => p.id);
    recorder.transactions.push(ids);
    await new Promise<void>((done) => {
      gate = done;
    });
    if (options.failWhen?.(ids)) throw new Error(`refused ${ids.join(",")}`);
    return ids.map((id) => `stored ${id}`);
  };
  return { ingest, recorder };
}

/** Lets the event loop run until the coalescer has started its next transaction. */
const tick = () => new Promise((done) => setImmediate(done));

describe("write coalescing", () => {
  it("when an account is idle, then a request starts its transaction at once, alone", async () => {
    const { ingest, recorder } = recordingIngest();
    const coalescer = new WriteCoalescer(ingest);

    const answer = coalescer.submit("acct_1", [payment("a")]);
    await tick();

    expect(recorder.transactions).toEqual([["a"]]);
    recorder.release();
    expect(await answer).toEqual(["stored a"]);
  });

  it("when requests arrive while a transaction runs, then they share the next one and each gets its own results", async () => {
    const { ingest, recorder } = recordingIngest();
    const coalescer = new WriteCoalescer(ingest);

    const first = coalescer.submit("acct_1", [payment("a")]);
    await tick();
    const second = coalescer.submit("acct_1", [payment("b"), payment("c")]);
    const third = coalescer.submit("acct_1", [payment("d")]);
    recorder.release();
    await tick();
    recorder.release();

    expect(await first).toEqual(["stored a"]);
    expect(await second).toEqual(["stored b", "stored c"]);
    expect(await third).toEqual(["stored d"]);
    expect(recorder.transactions).toEqual([["a"], ["b", "c", "d"]]);
    expect(coalescer.stats).toEqual({ transactions: 2, submissions: 3 });
  });

  it("when two waiting requests name the same payment, then they never share a transaction and keep their order", async () => {
    const { ingest, recorder } = recordingIngest();
    const coalescer = new WriteCoalescer(ingest);

    const answers = [coalescer.submit("acct_1", [payment("a")])];
    await tick();
    answers.push(coalescer.submit("acct_1", [payment("b")]));
    answers.push(coalescer.submit("acct_1", [payment("b"), payment("c")]));
    answers.push(coalescer.submit("acct_1", [payment("d")]));
    for (let round = 0; round < 3; round++) {
      recorder.release();
      await tick();
    }
    await Promise.all(answers);

    expect(recorder.transactions).toEqual([["a"], ["b"], ["b", "c", "d"]]);
  });

  it("when a merged transaction fails, then each request is tried alone and only the bad one fails", async () => {
    const { ingest, recorder } = recordingIngest({ failWhen: (ids) => ids.includes("bad") });
    const coalescer = new WriteCoalescer(ingest);

    const first = coalescer.submit("acct_1", [payment("a")]);
    await tick();
    const good = coalescer.submit("acct_1", [payment("b")]);
    const bad = coalescer.submit("acct_1", [payment("bad")]);
    const alsoGood = coalescer.submit("acct_1", [payment("c")]);
    const settled = Promise.allSettled([first, good, bad, alsoGood]);
    for (let round = 0; round < 6; round++) {
      recorder.release();
      await tick();
    }
    const [firstAnswer, goodAnswer, badAnswer, alsoGoodAnswer] = await settled;

    expect(firstAnswer).toEqual({ status: "fulfilled", value: ["stored a"] });
    expect(goodAnswer).toEqual({ status: "fulfilled", value: ["stored b"] });
    expect(badAnswer?.status).toBe("rejected");
    expect((badAnswer as PromiseRejectedResult).reason.message).toBe("refused bad");
    expect(alsoGoodAnswer).toEqual({ status: "fulfilled", value: ["stored c"] });
    expect(recorder.transactions).toEqual([["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]);
  });

  it("when waiting requests exceed the batch size, then they are split into transactions of at most that size", async () => {
    const { ingest, recorder } = recordingIngest();
    const coalescer = new WriteCoalescer(ingest, { maxBatch: 3 });

    const answers = [coalescer.submit("acct_1", [payment("a")])];
    await tick();
    for (const id of ["b", "c", "d", "e", "f"]) answers.push(coalescer.submit("acct_1", [payment(id)]));
    for (let round = 0; round < 3; round++) {
      recorder.release();
      await tick();
    }
    await Promise.all(answers);

    expect(recorder.transactions).toEqual([["a"], ["b", "c", "d"], ["e", "f"]]);
  });

  it("when two accounts write at once, then their requests never share a transaction", async () => {
    const transactions: string[][] = [];
    const coalescer = new WriteCoalescer(async (account, payments) => {
      transactions.push(payments.map((p) => `${account}/${p.id}`));
      return payments.map((p) => p.id);
    });

    await Promise.all([
      coalescer.submit("acct_1", [payment("a")]),
      coalescer.submit("acct_2", [payment("b", "acct_2")]),
      coalescer.submit("acct_1", [payment("c")]),
      coalescer.submit("acct_2", [payment("d", "acct_2")]),
    ]);

    expect(transactions).toEqual([["acct_1/a"], ["acct_2/b"], ["acct_1/c"], ["acct_2/d"]]);
  });
});
