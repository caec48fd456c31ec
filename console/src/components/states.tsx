import type { ReactNode } from "react";
import type { ApiFailure } from "../api.ts";

/** Loading, empty and error states, each announced to screen readers. */

export function Loading({ what }: { what: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      {children}
    </div>
  );
}

/** An API failure said so that the user knows what to do: which role a 403 needs, what a 404 missed. */
export function ErrorState({ error, what, retry }: { error: ApiFailure; what: string; retry?: () => void }) {
  let title: string;
  let advice: string | null = null;
  if (error.status === 403 && error.code === "account_forbidden") {
    title = "This key cannot act for this account";
    advice = "Pick another account in the header, or paste a key for this one.";
  } else if (error.status === 403) {
    const roles = /needs one of: ([a-z, ]+)/.exec(error.message)?.[1];
    title = roles
      ? `This needs a key with the ${roles.replace(/, ([a-z]+)$/, " or $1")} role`
      : "Your key's role does not allow this";
    advice = "Ask for a key with that role, then use “Change key” in the header.";
  } else if (error.status === 404) {
    title = `No such ${what}`;
  } else if (error.status === 0) {
    title = "The GuestGraph service did not answer";
    advice = "Check that it is running, then try again.";
  } else if (error.status === 400) {
    title = `The ${what} could not be asked for`;
  } else {
    title = `The ${what} could not be loaded`;
  }
  return (
    <div className="state state-error" role="alert">
      <h2>{title}</h2>
      <p>{error.message}</p>
      {advice ? <p>{advice}</p> : null}
      {retry && error.status !== 404 && error.status !== 403 ? (
        <button type="button" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
