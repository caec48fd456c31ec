import { lazy, Suspense } from "react";
import { Route, Routes } from "react-router";
import { Layout } from "./components/layout.tsx";
import { Loading } from "./components/states.tsx";
import { KeyScreen } from "./key-screen.tsx";
import { CustomersPage } from "./pages/customers.tsx";
import { GuestPage } from "./pages/guest.tsx";
import { IdentifierPage } from "./pages/identifier.tsx";
import { NotFoundPage } from "./pages/not-found.tsx";
import { PaymentPage } from "./pages/payment.tsx";
import { RingPage, RingsPage } from "./pages/rings.tsx";
import { SearchPage } from "./pages/search.tsx";
import { useSession } from "./session.tsx";

// Cytoscape.js and its layout load only when the link graph is opened.
const GraphPage = lazy(() => import("./pages/graph.tsx"));

/** The console's pages; each path is a deep link the service also answers (src/http/routes/console.ts). */
export function App() {
  const { session } = useSession();
  if (!session) return <KeyScreen />;
  return (
    <Layout>
      <Routes>
        <Route path="/" element={<CustomersPage />} />
        <Route path="/customers" element={<CustomersPage />} />
        <Route path="/search" element={<SearchPage />} />
        <Route path="/guests/:id" element={<GuestPage />} />
        <Route path="/payments/:id" element={<PaymentPage />} />
        <Route path="/identifiers/:type/:value" element={<IdentifierPage />} />
        <Route
          path="/graph"
          element={
            <Suspense fallback={<Loading what="the link graph" />}>
              <GraphPage />
            </Suspense>
          }
        />
        <Route path="/rings" element={<RingsPage />} />
        <Route path="/rings/:id" element={<RingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
