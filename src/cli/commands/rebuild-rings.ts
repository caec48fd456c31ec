import type { Command } from "commander";
import type { Config } from "../../config/env.ts";
import { rebuildRings } from "../../ingest/rebuild-rings.ts";
import { exitCodes } from "../cli-errors.ts";
import { openDatabase } from "../payment-sink.ts";
import { accountId, action, say } from "./shared.ts";

export function registerRebuildRings(program: Command): void {
  program
    .command("rebuild-rings")
    .description(
      "recompute an account's rings, hubs and risk signals from its payments (after GUESTGRAPH_HUB_GUESTS changed, or for payments stored before rings existed)",
    )
    .requiredOption("--account <acct>", "merchant account id (acct_…)", accountId)
    .action(action(rebuild));
}

async function rebuild(config: Config, options: { account: string }): Promise<number> {
  const { db, close } = await openDatabase(config);
  const report = await rebuildRings(db, options.account, { hubGuests: config.GUESTGRAPH_HUB_GUESTS }).finally(
    close,
  );
  say(
    `Account ${report.account}: ${report.payments} payments, ${report.guests} guests with payments, ` +
      `${report.rings} rings, ${report.hubs} hub identifiers (more than ${config.GUESTGRAPH_HUB_GUESTS} guests).`,
  );
  return exitCodes.ok;
}
