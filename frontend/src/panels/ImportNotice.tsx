// The notice a KV import leaves for the graph it opened (router location state).
import { useState } from "react";
import { useLocation } from "react-router-dom";
import type { ImportNoticeState } from "./KvImport";
import "./panels.css";

export function ImportNotice() {
  const location = useLocation();
  const [dismissed, setDismissed] = useState<string | null>(null);
  const notice = (location.state as Partial<ImportNoticeState> | null)?.notice;
  if (!notice || dismissed === location.key) return null;
  return (
    <div className="panel-banner ok" data-testid="import-notice" role="status">
      <span>{notice}</span>
      <button type="button" onClick={() => setDismissed(location.key)}>Dismiss</button>
    </div>
  );
}
