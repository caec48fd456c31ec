import { type FormEvent, useId, useState } from "react";
import { ApiFailure, apiGet } from "./api.ts";
import type { ApiKeyInfo } from "./api-types.ts";
import { useSession } from "./session.tsx";

/**
 * Asks for the API key once per browser tab, checks it with GET /v1/api_key, and when the key may act
 * for several accounts lets the user pick one. The key goes to sessionStorage, never into a URL.
 */
export function KeyScreen() {
  const { signIn, notice } = useSession();
  const [key, setKey] = useState("");
  const [info, setInfo] = useState<ApiKeyInfo | null>(null);
  const [account, setAccount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyId = useId();
  const accountId = useId();
  const errorId = useId();

  async function checkKey(event: FormEvent) {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError("Paste an API key first.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const found = await apiGet<ApiKeyInfo>("/v1/api_key", { key: trimmed, account: null });
      if (found.role === "ingest") {
        setError(
          "This is an ingest key: it can only send payments. The console needs a reader, investigator or admin key.",
        );
        return;
      }
      const only = found.accounts.length === 1 && !found.all_accounts ? found.accounts[0] : undefined;
      if (only) {
        signIn({ key: trimmed, info: found, account: only });
        return;
      }
      setInfo(found);
      setAccount(found.default_account ?? found.accounts[0] ?? "");
    } catch (failure) {
      setError(failure instanceof ApiFailure ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  function chooseAccount(event: FormEvent) {
    event.preventDefault();
    const chosen = account.trim();
    if (!info) return;
    if (!/^acct_[A-Za-z0-9]+$/.test(chosen)) {
      setError("An account id looks like acct_1Nv0FGQ9RKHgCVdK.");
      return;
    }
    signIn({ key: key.trim(), info, account: chosen });
  }

  return (
    <main id="main" className="key-screen">
      <h1>GuestGraph console</h1>
      {notice ? (
        <p className="notice notice-warning" role="alert">
          {notice}
        </p>
      ) : null}
      {info === null ? (
        <form onSubmit={checkKey} aria-describedby={error ? errorId : undefined}>
          <p>
            Paste your GuestGraph API key. It is kept in this browser tab only (session storage) and sent to
            the service in a header, never in a link.
          </p>
          <label htmlFor={keyId}>API key</label>
          <input
            id={keyId}
            name="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(event) => setKey(event.target.value)}
            aria-invalid={error ? true : undefined}
          />
          <button type="submit" disabled={busy}>
            {busy ? "Checking…" : "Continue"}
          </button>
        </form>
      ) : (
        <form onSubmit={chooseAccount}>
          <p>
            This {info.role} key can act for{" "}
            {info.all_accounts ? "any account" : `${info.accounts.length} accounts`}. Which merchant account
            do you want to investigate?
          </p>
          <label htmlFor={accountId}>Account</label>
          {info.all_accounts ? (
            <>
              <input
                id={accountId}
                name="account"
                list={`${accountId}-known`}
                value={account}
                onChange={(event) => setAccount(event.target.value)}
                spellCheck={false}
              />
              <datalist id={`${accountId}-known`}>
                {info.accounts.map((id) => (
                  <option key={id} value={id} />
                ))}
              </datalist>
              <p className="hint">Accounts holding data: {info.accounts.join(", ")}</p>
            </>
          ) : (
            <select
              id={accountId}
              name="account"
              value={account}
              onChange={(event) => setAccount(event.target.value)}
            >
              {info.accounts.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          )}
          <button type="submit">Open the console</button>
        </form>
      )}
      {error ? (
        <p id={errorId} className="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}
