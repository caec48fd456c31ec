import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import type { ApiKeyInfo } from "./api-types.ts";

/**
 * The pasted API key and the chosen account, kept in sessionStorage: they survive reloads and deep links
 * in this tab, are gone when it closes, and never go into a URL.
 */

export interface Session {
  key: string;
  info: ApiKeyInfo;
  /** The account every call acts for (sent as Stripe-Account). */
  account: string;
}

interface SessionState {
  session: Session | null;
  /** Why the key screen is shown again (a 401), if it is. */
  notice: string | null;
  signIn(session: Session): void;
  chooseAccount(account: string): void;
  /** Forget the key: after a 401 (with the reason) or when the user asks. */
  signOut(notice?: string): void;
}

const storageKey = "guestgraph.console.session";
const SessionContext = createContext<SessionState | null>(null);

function load(): Session | null {
  try {
    const stored = sessionStorage.getItem(storageKey);
    if (!stored) return null;
    const parsed = JSON.parse(stored) as Session;
    return typeof parsed.key === "string" && typeof parsed.account === "string" && parsed.info
      ? parsed
      : null;
  } catch {
    return null;
  }
}

function save(session: Session | null): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(load);
  const [notice, setNotice] = useState<string | null>(null);

  const signIn = useCallback((next: Session) => {
    save(next);
    setNotice(null);
    setSession(next);
  }, []);
  const chooseAccount = useCallback((account: string) => {
    setSession((current) => {
      if (!current) return current;
      const next = { ...current, account };
      save(next);
      return next;
    });
  }, []);
  const signOut = useCallback((why?: string) => {
    save(null);
    setNotice(why ?? null);
    setSession(null);
  }, []);

  const value = useMemo(
    () => ({ session, notice, signIn, chooseAccount, signOut }),
    [session, notice, signIn, chooseAccount, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession() outside SessionProvider");
  return state;
}

/** The signed-in session; only for components rendered behind the key screen. */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error("useSignedIn() without a session");
  return session;
}

/** What each role may see in the console. */
export function canInvestigate(session: Session): boolean {
  return session.info.role === "investigator" || session.info.role === "admin";
}
