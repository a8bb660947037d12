// The width of an element, kept current as it resizes: SVG drawn at its box's own width
// (text never stretched), as the CEP timeline and matches chart do.
import { type RefObject, useEffect, useRef, useState } from "react";

export function useBoxWidth<T extends HTMLElement>(initial: number, min = 240): [RefObject<T | null>, number] {
  const box = useRef<T>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(min, Math.floor(el.clientWidth)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [min]);
  return [box, width];
}
