export function EditorPage() { return <p className="empty">Editor: coming.</p>; }
