export function GraphListPage() { return <p className="empty">Graphs: coming.</p>; }
