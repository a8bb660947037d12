"""The browser side of the editor benchmark (bench/editor_bench.py): headless Chromium
opening a graph and timing it, then dragging and zooming the canvas and counting frames.

Open time: from navigation start (performance.now() = 0) to the first animation frame
showing the final picture — the editor mounted (no "Loading graph…"), at least one React
Flow node drawn, none of them hidden for measuring, and node count, edge count and viewport
transform then unchanged for SETTLE_MS. Motion: frames counted with requestAnimationFrame
while the mouse drags the pane (pan), then turns the wheel out and back in (zoom).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from playwright.sync_api import BrowserContext, Page, ViewportSize, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from webapp.ui.tests.e2e.editor import Editor  # the e2e tests' page object

OPENS = 5  # warm opens per graph, after one cold open
MOTIONS = 3  # pan + zoom trials per graph; the median trial is reported
SETTLE_MS = 750
MOTION_S = 1.0  # per gesture
VIEWPORT: ViewportSize = {"width": 1400, "height": 900}
MINIMAP = ".react-flow__minimap"  # repainted at every pan or zoom step: also measured hidden

# Injected before the app's scripts: watch every frame until the picture settles.
OPEN_PROBE = """
if (location.pathname.startsWith('/app/graphs/')) {
  const out = window.__open = {done: false, at: null, nodes: 0, edges: 0, zoom: null};
  let key = null, changedAt = 0;
  const tick = () => {
    const now = performance.now();
    const ready = document.querySelector('[data-testid=editor]') !== null;
    const nodes = document.querySelectorAll('.react-flow__node');
    let hidden = 0;
    for (const n of nodes) if (n.style.visibility === 'hidden') hidden++;
    const edges = document.querySelectorAll('.react-flow__edge').length;
    const transform = document.querySelector('.react-flow__viewport')?.style.transform ?? '';
    const next = `${ready}|${nodes.length}|${hidden}|${edges}|${transform}`;
    if (next !== key) { key = out.key = next; changedAt = now; }
    if (ready && nodes.length && !hidden && now - changedAt >= SETTLE_MS) {
      Object.assign(out, {done: true, at: changedAt, nodes: nodes.length, edges,
                          zoom: Number(/scale\\(([\\d.]+)\\)/.exec(transform)?.[1])});
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
""".replace("SETTLE_MS", str(SETTLE_MS))

# Per frame: its time, the zoom and how many nodes React Flow has in the DOM (a live
# collection and the transform string: cheap enough not to disturb what is measured).
FRAME_RECORDER = """
() => {
  const frames = window.__frames = [];
  const nodes = document.getElementsByClassName('react-flow__node');
  const viewport = document.querySelector('.react-flow__viewport');
  window.__recording = true;
  const tick = (t) => {
    const zoom = Number(/scale\\(([\\d.]+)\\)/.exec(viewport.style.transform)?.[1]);
    frames.push([t, zoom, nodes.length]);
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
"""


def log(message: str) -> None:
    print(f"  [editor] {message}", file=sys.stderr, flush=True)


def chromium_path() -> str:
    path = os.environ.get("LOOM_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise SystemExit("no Chromium: install the `chromium` package or set LOOM_CHROMIUM")
    return path


def _open(page: Page, graph_id: int) -> dict[str, Any]:
    page.goto(f"/app/graphs/{graph_id}")
    try:
        page.wait_for_function("window.__open && window.__open.done", timeout=20_000)
    except PlaywrightTimeoutError:
        state = page.evaluate("window.__open")
        text = page.evaluate("document.body.innerText.slice(0, 200)")
        raise RuntimeError(f"graph {graph_id} did not settle; last state {state}; "
                           f"page: {text!r}") from None
    opened: dict[str, Any] = page.evaluate("window.__open")
    # When the editor had its data (the graph and the operator catalog, fetched together
    # once the app's script runs): the rest of the open is the app drawing.
    opened["data_ms"] = page.evaluate("""id => Math.max(...performance
        .getEntriesByType('resource')
        .filter(e => e.name.includes(`/api/graphs/${id}/`) || e.name.includes('/api/operators/'))
        .map(e => e.responseEnd))""", graph_id)
    return opened


def open_once(context: BrowserContext, graph_id: int, cold: bool = False) -> dict[str, Any]:
    """One open in a new tab; `cold` empties the HTTP cache first (the sign-in already
    loaded the app's scripts)."""
    page = context.new_page()
    try:
        if cold:
            context.new_cdp_session(page).send("Network.clearBrowserCache")
        return _open(page, graph_id)
    finally:
        page.close()


def record(page: Page, gesture: Callable[[Page], None]) -> dict[str, float]:
    """Frames drawn while `gesture(page)` runs: fps, p95 and longest frame interval."""
    page.evaluate(FRAME_RECORDER)
    gesture(page)
    frames: list[list[float]] = page.evaluate("window.__recording = false; window.__frames")
    times = [f[0] for f in frames]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    if len(gaps) < 2:
        raise RuntimeError("no frames recorded")
    return {"fps": len(gaps) * 1000 / (times[-1] - times[0]),
            "p95_ms": statistics.quantiles(gaps, n=20)[-1], "max_ms": max(gaps),
            "min_zoom": min(f[1] for f in frames), "max_nodes": max(f[2] for f in frames)}


def pan(page: Page) -> None:
    """Drag the pane up-left 720 px and back in MOTION_S, a pointer move every ~8 ms."""
    x, y = Editor(page).pane_point()
    mouse = page.mouse
    mouse.move(x, y)
    mouse.down()
    started = time.perf_counter()
    while (t := time.perf_counter() - started) < MOTION_S:
        out = 2 * t / MOTION_S if t < MOTION_S / 2 else 2 - 2 * t / MOTION_S
        mouse.move(x - 600 * out, y - 400 * out)
        time.sleep(0.008)
    mouse.up()


def zoom(page: Page) -> None:
    """Turn the wheel out for half of MOTION_S, one notch (100 px) at a time as fast as
    the page takes them, then back in: down to the low-detail view, towards all nodes."""
    mouse = page.mouse
    mouse.move(VIEWPORT["width"] / 2, VIEWPORT["height"] / 2)
    started = time.perf_counter()
    while (t := time.perf_counter() - started) < MOTION_S:
        mouse.wheel(0, 100 if t < MOTION_S / 2 else -100)
        time.sleep(0.008)


def motion(context: BrowserContext, graph_id: int, hide: str | None = None
           ) -> dict[str, dict[str, float]]:
    """MOTIONS trials of a pan then a zoom, each on a freshly opened graph; per gesture the
    trial with the median fps (one busy moment on the machine should not decide). `hide`:
    a CSS selector to hide first (to see what a part of the page costs)."""
    trials: dict[str, list[dict[str, float]]] = {"pan": [], "zoom": []}
    for _ in range(MOTIONS):
        page = context.new_page()
        try:
            _open(page, graph_id)
            if hide:
                page.add_style_tag(content=f"{hide} {{ display: none }}")
            trials["pan"].append(record(page, pan))
            trials["zoom"].append(record(page, zoom))
        finally:
            page.close()
    return {k: sorted(v, key=lambda m: m["fps"])[len(v) // 2] for k, v in trials.items()}


def sign_in(context: BrowserContext, username: str, password: str) -> None:
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/app/**")
    page.close()


def measure(base_url: str, username: str, password: str,
            graphs: dict[int, int]) -> dict[int, dict[str, Any]]:
    """Per graph size: a cold open, OPENS warm opens, then the motion trials."""
    results: dict[int, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=["--no-sandbox"])
        try:
            for size, graph_id in graphs.items():
                context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
                context.add_init_script(OPEN_PROBE)
                sign_in(context, username, password)
                cold = open_once(context, graph_id, cold=True)
                warm = [open_once(context, graph_id) for _ in range(OPENS)]
                times = ", ".join(f"{w['at']:.0f}" for w in warm)
                log(f"{size} nodes: opened cold in {cold['at']:.0f} ms, warm in {times} ms")
                moved = motion(context, graph_id)
                log(f"{size} nodes: pan {moved['pan']['fps']:.0f} fps, "
                    f"zoom {moved['zoom']['fps']:.0f} fps")
                results[size] = {"cold": cold, "warm": warm, **moved}
                if size == max(graphs):
                    bare = motion(context, graph_id, hide=MINIMAP)
                    log(f"{size} nodes, minimap hidden: pan {bare['pan']['fps']:.0f} fps, "
                        f"zoom {bare['zoom']['fps']:.0f} fps")
                    results[size]["no_minimap"] = bare
                context.close()
        finally:
            browser.close()
    return results
