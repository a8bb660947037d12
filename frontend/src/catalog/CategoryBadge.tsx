import type { CSSProperties } from "react";
import { categoryHue } from "./format";

export function CategoryBadge({ category }: { category: string }) {
  const style = { "--hue": categoryHue(category) } as CSSProperties;
  return (
    <span className="cat-badge" style={style}>
      {category}
    </span>
  );
}
