// "/runs/:id": one run on its own page, for links from elsewhere (a CEP match's run).
import { useEffect } from "react";
import { Link, useParams } from "react-router-dom";
import { RunTrace } from "./RunTrace";
import "./monitoring.css";

export function RunPage() {
  const { id = "" } = useParams();
  useEffect(() => {
    document.title = `Run ${id.slice(0, 8)} · Loom`;
  }, [id]);
  return (
    <div className="mon-page" data-testid="run-page">
      <nav className="crumbs"><Link to="/monitoring">Monitoring</Link> / run</nav>
      <h2>Run <span className="mono">{id}</span></h2>
      <RunTrace id={id} />
    </div>
  );
}
