"""Engine overhead vs peer engines: Loom, dask.threaded.get, Hamilton's sync driver and a plain
asyncio task-per-node runner, in one process, on the same abstract workloads.

Per-node overhead = (wall - critical path) / nodes, where the critical path of a no-op graph is
the measured cost of calling the bare no-op function once per node on the longest path, and of
the IO graph is the sleep (20 ms). Parallel efficiency (IO) = ideal wall / measured wall.

``run()`` returns the Markdown section; ``python -m bench.engine_bench`` prints it.
"""

from __future__ import annotations

import gc
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from statistics import median

from bench import peers
from bench.workloads import Workload, chain, check_trace, fanout, io_fanout, measure_noop_ns

RunnerFactory = Callable[..., peers.Runner]  # (workload, trace=...) -> runner

FUSED_CHAIN_US = 2.0
SCHEDULED_NODE_US = 10.0
DASK_FACTOR = 7.0


@dataclass
class Case:
    key: str  # short name used in ratios, e.g. "dask"
    label: str
    factory: RunnerFactory
    note: str = ""


@dataclass
class Result:
    case: Case
    workload: Workload
    critical_ns: float
    samples: list[int] = field(default_factory=list)
    error: str | None = None
    verified: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.samples)

    @property
    def median_ns(self) -> float:
        return float(median(self.samples))

    @property
    def min_ns(self) -> float:
        return float(min(self.samples))

    def overhead_us(self, wall_ns: float | None = None) -> float:
        wall = self.median_ns if wall_ns is None else wall_ns
        return (wall - self.critical_ns) / self.workload.size / 1000

    @property
    def efficiency(self) -> float:
        return self.critical_ns / self.median_ns


def _time(runner: peers.Runner, repeats: int, warmup: int) -> list[int]:
    result: object = None
    for _ in range(warmup):
        result = runner.run_once()
    runner.check(result)  # a warm-up result that is wrong fails the case, not the numbers
    clock = time.perf_counter_ns
    samples: list[int] = []
    was_enabled = gc.isenabled()
    try:
        for _ in range(repeats):
            gc.collect()
            gc.disable()
            start = clock()
            runner.run_once()
            samples.append(clock() - start)
            gc.enable()
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
    return samples


def _verify(case: Case, workload: Workload) -> str:
    """One traced run at full size: every node ran once, after its sources, with their outputs."""
    trace: peers.Trace = []
    runner = case.factory(workload, trace=trace)
    try:
        runner.check(runner.run_once())
    finally:
        runner.close()
    check_trace(workload, trace)
    return f"{len(trace)} nodes"


def _describe(exc: BaseException) -> str:
    last = traceback.extract_tb(exc.__traceback__)[-1:]
    where = f" ({last[0].filename.rsplit('/', 1)[-1]}:{last[0].lineno})" if last else ""
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:160] + where


def measure(case: Case, workload: Workload, critical_ns: float, repeats: int) -> Result:
    """Verify with one traced run, then time the plain runner. Failures become table notes."""
    result = Result(case, workload, critical_ns)
    try:
        result.verified = "✓ " + _verify(case, workload)
    except Exception as exc:  # still time it, but flag the row loudly
        result.verified = f"✗ trace check failed: {_describe(exc)}"
    try:
        runner = case.factory(workload)
        try:
            result.samples = _time(runner, repeats, warmup=1 if workload.has_io else 2)
        finally:
            runner.close()
    except Exception as exc:  # report it in the table; the other peers still run
        result.error = _describe(exc)
    return result


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def _wall(ns: float) -> str:
    return f"{ns / 1e6:.2f} ms" if ns >= 1e6 else f"{ns / 1e3:.1f} µs"


def _us(value: float) -> str:
    return f"{value:.3f}" if abs(value) < 10 else f"{value:.1f}"


def _ratio(result: Result, base: Result | None) -> str:
    if base is None or result is base or not (result.ok and base.ok):
        return "—"
    ours, theirs = base.overhead_us(), result.overhead_us()
    if ours <= 0:
        return "— (loom overhead ≤ 0)"
    return f"{result.case.key}/loom = {theirs / ours:.1f}×"


def _table(title: str, results: list[Result], io: bool) -> list[str]:
    base = next((r for r in results if r.case.key == "loom"), None)
    cols = ["runner", "wall median", "wall min", "overhead µs/node (median)", "(min)", "vs Loom"]
    align = ["---", "---:", "---:", "---:", "---:", "---"]
    if io:
        cols.append("parallel efficiency")
        align.append("---:")
    cols.append("checked")
    align.append("---")
    lines = [f"### {title}", "", "| " + " | ".join(cols) + " |", "|" + "|".join(align) + "|"]
    for r in results:
        label = r.case.label + (f" ({r.case.note})" if r.case.note else "")
        if not r.ok:
            cells = [label, "—", "—", "—", "—", f"unavailable: {r.error}"]
            cells += ["—"] * (len(cols) - len(cells))
        else:
            cells = [
                label,
                _wall(r.median_ns),
                _wall(r.min_ns),
                _us(r.overhead_us()),
                _us(r.overhead_us(r.min_ns)),
                _ratio(r, base),
            ]
            if io:
                cells.append(f"{r.efficiency:.1%}")
            cells.append(r.verified)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def _upper(label: str, r: Result | None, value: Callable[[Result], float], limit: float,
           unit: str) -> list[str]:
    if r is None or not r.ok:
        return [label, f"≤ {limit:g} {unit}", "n/a", "n/a (Loom unavailable)"]
    got = value(r)
    verdict = "met" if got <= limit else (
        f"MISSED by {got - limit:.3g} {unit} ({(got - limit) / limit:.0%})")
    return [label, f"≤ {limit:g} {unit}", f"{got:.3f} {unit}", verdict]


def _factor(label: str, peer: Result | None, loom: Result | None, need: float,
            info: bool = False) -> list[str]:
    target = f"≥ {need:g}× lower" if need > 1 else "lower"
    if info:
        label, target = f"*info:* {label}", f"({target}, not a §9 target)"
    if peer is None or loom is None or not (peer.ok and loom.ok):
        return [label, target, "n/a", "n/a (a runner is unavailable)"]
    ours, theirs = loom.overhead_us(), peer.overhead_us()
    if ours <= 0:
        return [label, target, f"{theirs:.2f} vs {ours:.3f} µs/node", "met"]
    got = theirs / ours
    value = f"{got:.1f}× ({theirs:.2f} vs {ours:.3f} µs/node)"
    if got >= need and (need > 1 or ours < theirs):
        return [label, target, value, "met"]
    if info:
        return [label, target, value, "below (info only)"]
    short = f"needs {need:g}×" if need > 1 else "Loom is not lower"
    return [label, target, value, f"MISSED by {need - got:.2f}× ({short})" if need > 1
            else f"MISSED ({short})"]


def _targets(res: dict[str, dict[str, Result]]) -> list[str]:
    chain_r, fan_r, io_r = res["chain"], res["fanout"], res["io"]
    io_limit_ms = 1.03 * io_r["loom"].workload.io_ms + 1 if "loom" in io_r else 21.6
    rows = [
        _upper("Fused chain per-node overhead (Loom, sync no-op chain)", chain_r.get("loom"),
               lambda r: r.overhead_us(), FUSED_CHAIN_US, "µs/node"),
        _upper("Scheduled node overhead (Loom, async no-op fan-out)", fan_r.get("loom_async"),
               lambda r: r.overhead_us(), SCHEDULED_NODE_US, "µs/node"),
        _factor("vs dask.threaded.get, chain", chain_r.get("dask"), chain_r.get("loom"),
                DASK_FACTOR),
        _factor("vs dask.threaded.get, fan-out (sync no-op)", fan_r.get("dask"),
                fan_r.get("loom"), DASK_FACTOR),
        _factor("vs dask.threaded.get, fan-out with Loom async no-ops", fan_r.get("dask"),
                fan_r.get("loom_async"), DASK_FACTOR, info=True),
        _factor("vs Hamilton sync driver, chain", chain_r.get("hamilton"), chain_r.get("loom"),
                1.0),
        _factor("vs Hamilton sync driver, fan-out (sync no-op)", fan_r.get("hamilton"),
                fan_r.get("loom"), 1.0),
        _factor("vs Hamilton sync driver, fan-out with Loom async no-ops",
                fan_r.get("hamilton"), fan_r.get("loom_async"), 1.0, info=True),
        _upper("IO fan-out wall, 8 × 20 ms (Loom, median)", io_r.get("loom"),
               lambda r: r.median_ns / 1e6, io_limit_ms, "ms"),
    ]
    lines = ["### Targets (design doc §9)", "", "| target | required | measured | verdict |",
             "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines.append("")
    return lines


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _cases(io: bool) -> list[Case]:
    def loom_async(w: Workload, trace: peers.Trace | None = None) -> peers.Runner:
        return peers.LoomRunner(w, "bench.async_noop", trace=trace)

    def dask8(w: Workload, trace: peers.Trace | None = None) -> peers.Runner:
        return peers.DaskRunner(w, trace=trace, num_workers=8)

    cases = [Case("loom", "Loom `Engine.arun`", peers.LoomRunner)]
    if not io:
        cases.append(Case("loom_async", "Loom `Engine.arun`", loom_async, "async no-op"))
    cases.append(Case("dask", "`dask.threaded.get`", peers.DaskRunner,
                      f"default pool, {os.cpu_count()} threads" if io else ""))
    if io:
        cases.append(Case("dask8", "`dask.threaded.get`", dask8, "num_workers=8, info only"))
    cases.append(Case("hamilton", "Hamilton sync driver", peers.HamiltonRunner,
                      "sequential" if io else ""))
    cases.append(Case("asyncio", "asyncio task-per-node", peers.AsyncioRunner))
    return cases


def run(*, repeats_noop: int = 30, repeats_io: int = 10) -> str:
    """Measure every runner on every workload and return the Markdown section."""
    started = time.perf_counter()
    noop_ns = measure_noop_ns()
    workloads = [chain(), fanout(), io_fanout()]
    results: dict[str, dict[str, Result]] = {}
    tables: list[str] = []
    for w in workloads:
        critical = w.ideal_wall_ns(noop_ns)
        repeats = repeats_io if w.has_io else repeats_noop
        rows = [measure(c, w, critical, repeats) for c in _cases(w.has_io)]
        results[w.name] = {r.case.key: r for r in rows}
        crit = f"critical path {_wall(critical)}"
        tables += _table(f"{w.title} ({w.size} nodes, {crit})", rows, io=w.has_io)
    elapsed = time.perf_counter() - started
    unverified = [f"{r.case.label} {r.case.note} on {r.workload.name}".replace("  ", " ")
                  for rs in results.values() for r in rs.values()
                  if r.ok and not r.verified.startswith("✓")]
    cpus = os.cpu_count()
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    header = [
        "## Engine overhead vs peers",
        "",
        f"Python {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.machine()}, {cpus} CPUs ({affinity} usable); "
        f"dask {_version('dask')}, apache-hamilton {_version('apache-hamilton')}. "
        f"All runners in one process; {repeats_noop} timed runs per no-op graph, "
        f"{repeats_io} per IO graph, after warm-up, `gc` disabled while timing. "
        f"Bare no-op call: {noop_ns:.1f} ns. Total bench time {elapsed:.1f} s.",
        "",
        "Per-node overhead = (wall − critical path) / nodes; critical path = the bare no-op "
        "called once per node on the longest path (no-op graphs) or 20 ms (IO). "
        "Parallel efficiency = ideal wall / measured wall. Ratios compare per-node overhead "
        "(medians) with Loom's sync-operator row. Thread-based peers sleep with `time.sleep`, "
        "asyncio and Loom with `asyncio.sleep`; Hamilton's sync driver runs nodes one at a time. "
        "Before timing, each runner did one traced run at full size checking that every node "
        "ran once, after its sources, with their outputs (column *checked*); the timed runs "
        "check the sink's result after warm-up"
        + (f". **Not verified: {', '.join(unverified)}.**" if unverified else "."),
        "",
    ]
    return "\n".join(header + tables + _targets(results))


def main() -> None:
    print(run())
    sys.stdout.flush()


if __name__ == "__main__":
    main()
