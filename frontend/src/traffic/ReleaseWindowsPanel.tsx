// A scene's release windows: when rollouts may start or advance (a rollback and the kill
// switch always may). Everyone sees them and whether one is open now; admins edit them.
import { useState } from "react";
import { api } from "../api/client";
import { useMe } from "../api/me";
import { ErrorList } from "./ErrorList";
import { DAYS, describeWindow, hhmm, newWindow, toggleDay, type ReleaseWindow } from "./releaseWindows";
import type { Scene } from "./types";
import { useSubmit } from "./useSubmit";

export function ReleaseWindowsPanel({ scene, onSaved }: { scene: Scene; onSaved: () => void }) {
  const me = useMe();
  const isAdmin = !!me?.roles.includes("admin");
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<ReleaseWindow[]>([]);
  const [zone, setZone] = useState(scene.release_timezone);
  const { busy, problems, run } = useSubmit();

  const edit = () => {
    setRows(scene.release_windows.map((w) => ({ ...w, start: hhmm(w.start), end: hhmm(w.end) })));
    setZone(scene.release_timezone);
    setEditing(true);
  };
  const save = async () => {
    const ok = await run(() => api.patch(`/api/scenes/${encodeURIComponent(scene.slug)}/`, { release_windows: rows, release_timezone: zone }, "*"));
    if (ok) {
      setEditing(false);
      onSaved();
    }
  };
  const setRow = (i: number, row: ReleaseWindow) => setRows(rows.map((r, k) => (k === i ? row : r)));

  return (
    <section className="release-windows" data-testid="release-windows">
      <h3>Release windows</h3>
      <p className={scene.release_open ? "muted" : "warning"} data-testid="release-open">
        {scene.release_windows.length === 0
          ? "Rollouts may start and advance at any time."
          : `${scene.release_open ? "Open now" : "Closed now"}: rollouts start and advance only in ${scene.release_windows.map(describeWindow).join("; ")} (${scene.release_timezone}). Rolling back is always allowed.`}
      </p>
      {isAdmin && !editing && <button type="button" onClick={edit} data-testid="edit-windows">Edit windows</button>}
      {editing && (
        <div className="window-form">
          {rows.map((row, i) => (
            <div className="window-row" key={i} data-testid="window-row">
              {DAYS.map((day) => (
                <label key={day} className="day">
                  <input type="checkbox" checked={row.days.includes(day)} onChange={() => setRow(i, toggleDay(row, day))} /> {day}
                </label>
              ))}
              <input type="time" aria-label="from" value={row.start} onChange={(e) => setRow(i, { ...row, start: e.target.value })} />
              <input type="time" aria-label="until" value={row.end} onChange={(e) => setRow(i, { ...row, end: e.target.value })} />
              <button type="button" onClick={() => setRows(rows.filter((_, k) => k !== i))}>Remove</button>
            </div>
          ))}
          <button type="button" onClick={() => setRows([...rows, newWindow()])} data-testid="add-window">Add a window</button>
          <label>
            Time zone <input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="Europe/Berlin" data-testid="window-zone" />
          </label>
          <ErrorList problems={problems} />
          <button type="button" className="primary" disabled={busy} onClick={() => void save()} data-testid="save-windows">Save</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </div>
      )}
    </section>
  );
}
