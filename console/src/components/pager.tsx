import { Link, useSearchParams } from "react-router";

/**
 * Previous / next links over a Stripe cursor list, kept in the page's URL (starting_after / ending_before)
 * so that a reload or a shared link opens the same page.
 */
export function Pager({
  list,
  label,
}: {
  list: { data: { id: string }[]; has_more: boolean };
  label: string;
}) {
  const [params] = useSearchParams();
  const after = params.get("starting_after");
  const before = params.get("ending_before");
  const first = list.data[0]?.id;
  const last = list.data.at(-1)?.id;
  // has_more speaks for the direction of paging: older after a starting_after (or no cursor), newer after an ending_before.
  const hasNewer = before ? list.has_more : after !== null;
  const hasOlder = before ? true : list.has_more;

  const to = (cursor: "starting_after" | "ending_before", id: string | undefined) => {
    const next = new URLSearchParams(params);
    next.delete("starting_after");
    next.delete("ending_before");
    if (id) next.set(cursor, id);
    return `?${next}`;
  };

  return (
    <nav className="pager" aria-label={`${label} pages`}>
      {hasNewer && first ? (
        <Link to={to("ending_before", first)}>← Newer</Link>
      ) : (
        <span className="disabled">← Newer</span>
      )}
      {hasOlder && last ? (
        <Link to={to("starting_after", last)}>Older →</Link>
      ) : (
        <span className="disabled">Older →</span>
      )}
    </nav>
  );
}
