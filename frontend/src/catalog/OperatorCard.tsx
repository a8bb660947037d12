// One result of the catalog list; the whole card links to the operator's page.
import { Link } from "react-router-dom";
import type { OperatorEntry } from "../api/types";
import { CategoryBadge } from "./CategoryBadge";
import { signature } from "./format";
import { Inline } from "./Prose";
import { summary } from "./text";

export function OperatorCard({ entry }: { entry: OperatorEntry }) {
  return (
    <Link
      to={`/catalog/${entry.name}`}
      className="op-card"
      data-testid="catalog-item"
      data-id={entry.name}
    >
      <span className="op-card-head">
        <span className="op-title">{entry.title}</span>
        <CategoryBadge category={entry.category} />
      </span>
      <code className="op-name">{entry.name}</code>
      <span className="op-summary">
        <Inline text={summary(entry.description)} />
      </span>
      <code className="op-sig" title="inputs → output">
        {signature(entry)}
      </code>
    </Link>
  );
}
