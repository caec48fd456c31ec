import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { NavLink, useLocation, useNavigate, useSearchParams } from "react-router";
import { useSession, useSignedIn } from "../session.tsx";

/** Every page: a skip link, the navigation, the search box (`/` focuses it), the account and the key. */
export function Layout({ children }: { children: ReactNode }) {
  const session = useSignedIn();
  const { chooseAccount, signOut } = useSession();
  const accountId = useId();
  const mainRef = useRef<HTMLElement>(null);
  const location = useLocation();

  // A new page moves focus to it, as a page load would, so screen-reader and keyboard users start there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation on purpose
  useEffect(() => {
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          <NavLink to="/customers">GuestGraph</NavLink>
        </div>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink
                to="/customers"
                className={({ isActive }) => (isActive || location.pathname === "/" ? "active" : "")}
              >
                Customers
              </NavLink>
            </li>
            <li>
              <NavLink to="/rings">Rings</NavLink>
            </li>
            <li>
              <NavLink to="/graph">Link graph</NavLink>
            </li>
          </ul>
        </nav>
        <SearchBox />
        <div className="who">
          {session.info.accounts.length > 1 || session.info.all_accounts ? (
            <>
              <label htmlFor={accountId}>Account</label>
              <select
                id={accountId}
                value={session.account}
                onChange={(event) => chooseAccount(event.target.value)}
              >
                {[...new Set([session.account, ...session.info.accounts])].map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <span className="mono">{session.account}</span>
          )}
          <span className="badge badge-role" title="The role of the API key in use">
            {session.info.role}
          </span>
          <button type="button" className="link-button" onClick={() => signOut()}>
            Change key
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const current = location.pathname === "/search" ? (params.get("query") ?? "") : "";
  const [text, setText] = useState(current);
  const inputRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => setText(current), [current]);

  // `/` anywhere but in a field focuses the search box, as on Stripe's Dashboard.
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      event.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  function submit(event: FormEvent) {
    event.preventDefault();
    const query = text.trim();
    if (query) navigate(`/search?${new URLSearchParams({ query })}`);
  }

  return (
    <search className="search">
      <form onSubmit={submit}>
        <label htmlFor={id} className="visually-hidden">
          Search guests and payments
        </label>
        <input
          id={id}
          ref={inputRef}
          type="search"
          name="query"
          placeholder="Search email, phone, card, id, name  ( / )"
          value={text}
          onChange={(event) => setText(event.target.value)}
          aria-keyshortcuts="/"
        />
        <button type="submit">Search</button>
      </form>
    </search>
  );
}
