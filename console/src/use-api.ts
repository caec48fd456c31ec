import { useCallback, useEffect, useState } from "react";
import { ApiFailure, apiGet } from "./api.ts";
import { useSession } from "./session.tsx";

export type ApiState<T> =
  | { status: "loading"; data?: undefined; error?: undefined }
  | { status: "done"; data: T; error?: undefined }
  | { status: "failed"; data?: undefined; error: ApiFailure };

/**
 * GET an API path for the page (null: nothing to ask yet). A 401 means the key is no longer accepted:
 * the session ends and the key screen asks for it again, saying why.
 */
export function useApi<T>(path: string | null): ApiState<T> & { reload(): void } {
  const { session, signOut } = useSession();
  const [state, setState] = useState<ApiState<T>>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const key = session?.key;
  const account = session?.account;

  useEffect(() => {
    if (path === null || !key || attempt < 0) return;
    const controller = new AbortController();
    setState({ status: "loading" });
    apiGet<T>(path, { key, account: account ?? null }, controller.signal).then(
      (data) => setState({ status: "done", data }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof ApiFailure ? error : new ApiFailure(0, String(error));
        if (failure.status === 401) {
          signOut(`The service refused the API key (${failure.message}) Paste a valid key.`);
          return;
        }
        setState({ status: "failed", error: failure });
      },
    );
    return () => controller.abort();
  }, [path, key, account, attempt, signOut]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { ...state, reload };
}
