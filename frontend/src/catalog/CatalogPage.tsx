export function CatalogPage() { return <p className="empty">CatalogPage: coming.</p>; }
