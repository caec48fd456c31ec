/**
 * How `guestgraph` ends, the same for every command (README "The guestgraph command"). Each failure is
 * one line on stderr that names what to fix.
 */
export const exitCodes = {
  /** Done. */
  ok: 0,
  /** Done, but some input was refused (see the rejects file or the output), or verify found differences. */
  refused: 1,
  /** A wrong option or argument: the line says which. */
  usage: 2,
  /** A wrong or missing setting in the environment (the line names the variable) or an unreadable file. */
  config: 3,
  /** Neo4j, the GuestGraph API or Stripe could not be reached or failed: try again (backfill resumes). */
  unavailable: 4,
  /** A fault of GuestGraph itself (the line says what happened): please report it. */
  internal: 70,
  /** Stopped by Ctrl-C (backfill keeps its checkpoint). */
  interrupted: 130,
} as const;

export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, exitCodes.usage);
export const configError = (message: string) => new CliError(message, exitCodes.config);
export const unavailable = (message: string) => new CliError(message, exitCodes.unavailable);
