// One async read per set of deps, with the last answer kept while the next one loads
// (filters re-render without flashing an empty list) and late answers ignored.
import { useEffect, useState, type DependencyList } from "react";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ data: undefined, error: null, loading: true });
  useEffect(() => {
    let current = true;
    setState((s) => ({ data: s.data, error: null, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: undefined, error, loading: false }),
    );
    return () => {
      current = false;
    };
    // The caller names the deps (like useEffect); `load` is a fresh closure each render.
  }, deps);
  return state;
}
