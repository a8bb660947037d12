"""The editor with a large graph (DESIGN §9: a 1,000-node graph opens in under 1.5 s and pans
smoothly), measured in headless Chromium against a 100-node graph in the same run.

Self-contained: a temporary SQLite database, `manage.py runserver` (local settings) on a
free port, an editor made with `manage.py loom_user`, both graphs created through the API,
the built front end (frontend/dist) served by Django. The system Chromium, never a
downloaded one (LOOM_CHROMIUM or `chromium` on PATH).

What is timed, and how, is in bench/editor_browser.py.

`python -m bench editor` runs only this section.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.editor_browser import (
    MOTION_S,
    MOTIONS,
    OPENS,
    SETTLE_MS,
    VIEWPORT,
    chromium_path,
    log,
    measure,
)
from bench.editor_graphs import CHAIN, FAN_IN, layered_document
from bench.worker_bench import ROOT, service

SIZES = (100, 1000)
TARGET_OPEN_MS = 1500
USER, PASSWORD = "bench_editor", "bench-editor-pw"


# -- the server ----------------------------------------------------------------------------

@dataclass
class Server:
    url: str
    port: int
    token: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _wait_http(port: int, proc: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"runserver did not answer on port {port}")


@contextmanager
def open_server() -> Iterator[Server]:
    if not (ROOT / "frontend" / "dist" / "index.html").is_file():
        raise SystemExit("frontend/dist is missing: run `make frontend` first")
    with tempfile.TemporaryDirectory(prefix="loom-editor-bench-") as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "webapp.config.settings.local",
               "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "PYTHONUNBUFFERED": "1"}
        log("migrating a temporary SQLite database")
        _manage(env, "migrate", "--noinput")
        out = _manage(env, "loom_user", USER, "--role", "editor", "--password", PASSWORD,
                      "--token")
        token = out.rsplit("token:", 1)[1].strip()
        port = _free_port()
        argv = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
        with service(argv, env, Path(tmp) / "web.log") as web:  # killed on the way out
            _wait_http(port, web)
            log(f"runserver on port {port}")
            yield Server(f"http://127.0.0.1:{port}", port, token)


def create_graph(server: Server, document: dict[str, Any]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    conn.request("POST", "/api/graphs/", json.dumps({"document": document}),
                 {"Authorization": f"Token {server.token}", "Content-Type": "application/json"})
    response = conn.getresponse()
    body = json.loads(response.read())
    if response.status != 201 or not body.get("valid"):
        raise RuntimeError(f"creating {document['name']}: {response.status} "
                           f"{body.get('errors') or body}")
    return int(body["id"])


# -- the section ---------------------------------------------------------------------------

SMOOTH_FPS, SMOOTH_P95_MS = 50.0, 34.0  # "smooth": few dropped frames, none at p95 twice
PHASES = ("pan", "zoom")


def _median(values: Any) -> float:
    return float(statistics.median(values))


def summary(r: dict[str, Any]) -> dict[str, float]:
    warm = r["warm"]
    return {"open": _median(w["at"] for w in warm), "min": min(w["at"] for w in warm),
            "max": max(w["at"] for w in warm), "data": _median(w["data_ms"] for w in warm),
            "draw": _median(w["at"] - w["data_ms"] for w in warm), "cold": r["cold"]["at"],
            "nodes": warm[-1]["nodes"], "edges": warm[-1]["edges"], "zoom": warm[-1]["zoom"]}


def _open_row(size: int, o: dict[str, float]) -> str:
    return (f"| {size} | {o['cold']:.0f} ms | **{o['open']:.0f} ms** ({o['min']:.0f}–"
            f"{o['max']:.0f}) | {o['data']:.0f} ms | {o['draw']:.0f} ms | {o['nodes']:.0f} "
            f"| {o['edges']:.0f} | {o['zoom']:.2f} |")


def _motion_row(label: str, phase: str, m: dict[str, float]) -> str:
    return (f"| {label} | {phase} | {m['fps']:.0f} | {m['p95_ms']:.1f} ms | {m['max_ms']:.1f} ms "
            f"| {m['min_zoom']:.2f} | {m['max_nodes']:.0f} |")


def _smooth(m: dict[str, float]) -> bool:
    return m["fps"] >= SMOOTH_FPS and m["p95_ms"] <= SMOOTH_P95_MS


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def render(r: dict[int, dict[str, Any]], took_s: float, load: tuple[float, float]) -> str:
    small, big = SIZES
    o = {s: summary(r[s]) for s in SIZES}
    bare = r[big]["no_minimap"]
    motion_rows = [_motion_row(str(s), phase, r[s][phase]) for s in SIZES for phase in PHASES]
    motion_rows += [_motion_row(f"{big}, minimap hidden", phase, bare[phase])
                    for phase in PHASES]
    lines = [
        "## Editor: opening and moving a large graph",
        "",
        f"Headless Chromium ({chromium_path()}, software rendering, {VIEWPORT['width']}×"
        f"{VIEWPORT['height']}) against `manage.py runserver` (local settings, DEBUG, SQLite) "
        "on loopback, serving the built front end. Graphs from bench/editor_graphs.py: table "
        f"sources, {CHAIN}-node chains of sort / limit / dedupe, merged {FAN_IN} at a time, "
        "limited, one union; saved with positions. **Open** = navigation start → the first "
        "animation frame of the final picture: editor mounted, React Flow nodes drawn and "
        f"none hidden for measuring, node / edge count and viewport then unchanged for "
        f"{SETTLE_MS} ms. Cold: the first open with an empty HTTP cache; warm: {OPENS} more "
        "opens in new tabs (scripts revalidated), median (min–max). *Data in*: when both the "
        "graph (`GET /api/graphs/<id>/`) and the operator catalog had arrived; *drawing*: "
        "from then to the final picture. The editor draws only the nodes in view "
        "(`onlyRenderVisibleElements`); a graph over 300 nodes opens on its top-left corner, "
        f"a smaller one fitted whole. Section time {took_s:.0f} s.",
        "",
        "| nodes | open, cold | open, warm | data in | drawing | nodes drawn | edges drawn "
        "| zoom |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
        _open_row(small, o[small]),
        _open_row(big, o[big]),
        "",
        f"Motion, on a freshly opened graph: the pane dragged for {MOTION_S:.0f} s (up-left "
        f"720 px and back, a pointer move every ~8 ms), then the wheel turned out one notch "
        f"at a time for {MOTION_S / 2:.1f} s and back in for as long (towards the 0.05 minimum "
        "zoom; below 0.45 nodes are drawn as plain boxes). Frames counted with "
        "`requestAnimationFrame`; *frame* = the interval between two frames (16.7 ms at "
        f"60 Hz). The median of {MOTIONS} trials (by fps) per row.",
        "",
        "| nodes | gesture | fps | p95 frame | longest frame | lowest zoom | most nodes drawn |",
        "|---|---|---:|---:|---:|---:|---:|",
        *motion_rows,
        "",
        "| target (DESIGN §9) | required | measured | verdict |",
        "|---|---|---|---|",
        f"| 1,000-node graph opens (warm median) | < {TARGET_OPEN_MS / 1000:.1f} s "
        f"| {o[big]['open'] / 1000:.2f} s ({o[big]['open'] / o[small]['open']:.2f}× the "
        f"100-node graph's) | {_verdict(o[big]['open'] < TARGET_OPEN_MS)} |",
    ]
    for phase in PHASES:
        m = r[big][phase]
        lines.append(
            f"| 1,000-node graph: {phase} smoothly | ≥ {SMOOTH_FPS:.0f} fps, p95 frame ≤ "
            f"{SMOOTH_P95_MS:.0f} ms | {m['fps']:.0f} fps, p95 {m['p95_ms']:.1f} ms "
            f"({m['p95_ms'] / r[small][phase]['p95_ms']:.2f}× the 100-node p95) "
            f"| {_verdict(_smooth(m))} |")
    lines += ["", reading(r, o, load)]
    return "\n".join(lines)


def reading(r: dict[int, dict[str, Any]], o: dict[int, dict[str, float]],
            load: tuple[float, float]) -> str:
    small, big = SIZES
    pan_s, pan_b, bare = r[small]["pan"], r[big]["pan"], r[big]["no_minimap"]["pan"]
    slower = pan_b["fps"] < pan_s["fps"] - 3
    pan = (f"yet the {big}-node graph pans at {pan_b['fps']:.0f} fps against "
           f"{pan_s['fps']:.0f}: per frame, work grows with the graph, not the view — every "
           "viewport change re-runs React Flow's store selectors over all nodes and edges "
           "(visibility culling, the minimap's node list; seen in a CPU profile taken while "
           "writing this benchmark)" if slower else
           f"and both pan at about the same rate ({pan_b['fps']:.0f} vs {pan_s['fps']:.0f} "
           "fps)")
    return (
        f"Reading: the data is in after {o[small]['data']:.0f} ms ({small} nodes) and "
        f"{o[big]['data']:.0f} ms ({big}) — the app's script starts, then fetches the graph "
        "and the operator catalog together; drawing then takes "
        f"{o[small]['draw']:.0f} vs {o[big]['draw']:.0f} ms: React Flow nodes and edges "
        f"are built for all {big} nodes, although only {o[big]['nodes']:.0f} are in view. "
        f"Panning draws about as many nodes in both graphs ({pan_s['max_nodes']:.0f} vs "
        f"{pan_b['max_nodes']:.0f}), {pan}. Hiding the minimap ({big} SVG rectangles) "
        f"changes the {big}-node pan from {pan_b['fps']:.0f} to {bare['fps']:.0f} fps "
        f"(p95 {pan_b['p95_ms']:.1f} → {bare['p95_ms']:.1f} ms). Two CPUs run Chromium's "
        "renderer, its software rasteriser, the Playwright driver and the server at once, "
        f"and the machine was shared: load average {load[0]:.1f} at the start of this "
        f"section, {load[1]:.1f} at its end, on {os.cpu_count()} CPUs; single runs of this "
        "section differ by ±10 fps and ±300 ms."
    )


def run() -> str:
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    with open_server() as server:
        graphs = {size: create_graph(server, layered_document(size, f"bench_{size}"))
                  for size in SIZES}
        log(f"created graphs of {', '.join(map(str, SIZES))} nodes")
        results = measure(server.url, USER, PASSWORD, graphs)
    return render(results, time.perf_counter() - started, (load_before, os.getloadavg()[0]))


if __name__ == "__main__":
    print(run())
