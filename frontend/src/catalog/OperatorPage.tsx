export function OperatorPage() { return <p className="empty">OperatorPage: coming.</p>; }
