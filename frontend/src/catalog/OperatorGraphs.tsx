import { Link } from "react-router-dom";
import { ApiError } from "../api/client";
import { graphsUsing } from "./catalogApi";
import { errorText } from "./format";
import { useLoad } from "./useLoad";

/** The saved graphs with a node running this operator, and which nodes. */
export function OperatorGraphs({ name }: { name: string }) {
  const { data, error } = useLoad(() => graphsUsing(name), [name]);
  let body;
  if (error instanceof ApiError && error.status === 404) {
    body = <p className="muted">This server cannot list the graphs that use an operator yet.</p>;
  } else if (error) {
    body = <p className="catalog-error">Could not load the graphs: {errorText(error)}</p>;
  } else if (!data) {
    body = <p className="muted">Loading…</p>;
  } else if (!data.length) {
    body = <p className="muted">No saved graph uses this operator yet.</p>;
  } else {
    body = (
      <ul className="graph-list">
        {data.map((g) => (
          <li key={g.id} data-id={g.id}>
            <Link to={`/graphs/${g.id}`}>{g.name}</Link>
            <span className="muted"> {g.nodes.length === 1 ? "node" : "nodes"} </span>
            {g.nodes.map((node, i) => (
              <span key={node}>
                {i > 0 && ", "}
                <code>{node}</code>
              </span>
            ))}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <section className="cat-panel" data-testid="operator-graphs">
      <h2>Graphs that use it</h2>
      {body}
    </section>
  );
}
