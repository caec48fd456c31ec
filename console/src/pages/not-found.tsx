import { Link } from "react-router";

export function NotFoundPage() {
  return (
    <div className="state state-empty">
      <h1>No such page</h1>
      <p>
        Go to the <Link to="/customers">Customers tab</Link>, or search for a guest or payment.
      </p>
    </div>
  );
}
