import type { Command } from "commander";
import type { Config } from "../../config/env.ts";
import { verifyAccount } from "../../ingest/verify-account.ts";
import { exitCodes } from "../cli-errors.ts";
import { openDatabase } from "../payment-sink.ts";
import { accountId, action, say } from "./shared.ts";

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description(
      "recompute an account's guests and rings from scratch and list every payment, guest summary and ring fact that differs",
    )
    .requiredOption("--account <acct>", "merchant account id (acct_…)", accountId)
    .action(action(verify));
}

async function verify(config: Config, options: { account: string }): Promise<number> {
  const { db, close } = await openDatabase(config);
  const report = await verifyAccount(db, options.account).finally(close);
  say(
    `Account ${report.account}: ${report.guestPayments} guest payments, ${report.registeredPayments} registered customers' payments.`,
  );
  say(`Recomputed from scratch: ${report.differences.length} payment(s) whose stored guest differs.`);
  for (const difference of report.differences.slice(0, 50)) {
    say(
      `  ${difference.payment}: stored ${difference.storedGuest ?? "(none)"}, expected ${difference.expectedGuest}`,
    );
  }
  if (report.differences.length > 50) say(`  … and ${report.differences.length - 50} more`);
  say(`Checked in Cypher (cypher/resolution/verify-account.cypher): ${report.localViolations} violation(s).`);
  say(`Guest summaries recounted: ${report.summaryDifferences.length} guest(s) whose summary differs.`);
  for (const difference of report.summaryDifferences.slice(0, 50)) {
    say(
      `  ${difference.guest}: stored ${difference.storedPaymentCount ?? 0} payment(s), holds ${difference.heldPayments}`,
    );
  }
  say(`Rings and risk signals recomputed: ${report.ringDifferences.length} difference(s).`);
  for (const difference of report.ringDifferences.slice(0, 50)) {
    say(
      `  ${difference.subject} ${difference.field}: stored ${JSON.stringify(difference.stored)}, expected ${JSON.stringify(difference.expected)}`,
    );
  }
  if (report.ringDifferences.length > 50) say(`  … and ${report.ringDifferences.length - 50} more`);
  return report.differences.length === 0 &&
    report.localViolations === 0 &&
    report.summaryDifferences.length === 0 &&
    report.ringDifferences.length === 0
    ? exitCodes.ok
    : exitCodes.refused;
}
