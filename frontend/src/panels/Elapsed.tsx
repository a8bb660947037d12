// Seconds since `since`, ticking: the user sees the run is alive while it waits.
import { useEffect, useState } from "react";

export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 100);
    return () => window.clearInterval(timer);
  }, []);
  return <span className="elapsed">{((now - since) / 1000).toFixed(1)} s</span>;
}
