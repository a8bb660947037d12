"""The "Load" section of BENCHMARKS.md and docs/load.png from bench/load_run.py's result."""

from __future__ import annotations

import json
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.worker_bench import ROOT

HEADING = "## Load: five minutes of recommend traffic"
SCENE_URL = "/api/scenes/home_feed/recommend/"
WINDOW_S = 10.0  # latency percentiles per window of this many seconds
ROLES = ("web", "worker", "beat", "redis")
# Memory is flat when the least-squares growth after warm-up stays under the larger of these:
# 5 MB is allocator noise for a Python process; 2% scales it for the big ones.
FLAT_MB, FLAT_SHARE = 5.0, 0.02


def log(message: str) -> None:
    print(f"  [load] {message}", file=sys.stderr, flush=True)


def _ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _row(name: str, s: dict[str, Any]) -> str:
    return (f"| {name} | {s['requests']:,} | {s['rps']:.1f} | {_ms(s['p50'])} "
            f"| {_ms(s['p95'])} | {_ms(s['p99'])} | {_ms(s['max'])} "
            f"| {sum(s['errors'].values())} | {s['error_rate']:.2%} |")


def render(r: dict[str, Any], plot: str | None) -> str:
    every, warm, used, rps = r["all"], r["warmup_s"], r["cpus_used"], r["all"]["rps"] or 1.0
    errors = ", ".join(f"`{k}`: {n}" for k, n in sorted(every["errors"].items())) or "none"
    worst = max(r["windows"], key=lambda w: w["p99"])
    return "\n".join([
        HEADING, "",
        "`make load` (`python -m bench.load_run`; not in `make bench`, which it would lengthen "
        "by five minutes): the `make run` stack — `manage.py loom_run`: embedded Redis, a "
        "Celery worker (prefork, a child per CPU) and beat, Django's `runserver`, local "
        "settings — on a temporary SQLite database, on loopback. Locust "
        f"{metadata.version('locust')}, headless in its own process, runs {r['users']} "
        f"closed-loop users without think time, each POSTing `{SCENE_URL}` (token auth) for "
        f"a random one of the demo's {r['contexts']:,} users with its context, for "
        f"{r['duration_s']:.0f} s, after {r['prewarm']} uncounted requests that compile the "
        "graph and load the model. Latency: request sent → answer read, every answered "
        "request; an error: a non-2xx answer, a run not ok / degraded, or no answer. Load "
        f"average {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end, on "
        f"{r['cpus']} CPUs shared with other jobs.",
        "",
        "| requests | count | requests/s | p50 | p95 | p99 | max | errors | error rate |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        _row("whole run", every), _row(f"after the {warm:.0f} s warm-up", r["steady"]),
        "",
        f"Errors by outcome: {errors}. Per 10 s window, p99 ranged "
        f"{_ms(min(w['p99'] for w in r['windows']))}–{_ms(worst['p99'])} (the highest at "
        f"{worst['t']:.0f} s).{explain(every['errors'])}",
        "",
        f"CPU over the run, in CPUs of {r['cpus']} (ms per request): "
        + ", ".join(f"{k} {used[k]:.2f} ({1000 * used[k] / rps:.0f})" for k in used)
        + "; *other*: the rest of the machine, other jobs and the kernel.",
        "",
        f"Memory: RSS of each part every {r['sample_s']:.0f} s (the worker: main process and "
        "prefork children added up; Redis less the exposure stream's own memory, `MEMORY "
        "USAGE events:expose`, which grows by design up to its cap). *Start*: the first "
        f"sample after the {warm:.0f} s "
        "warm-up; slope and growth: the least-squares fit over the "
        f"{r['duration_s'] - warm:.0f} s after it. Flat: fitted growth under the larger of "
        f"{FLAT_MB:.0f} MB and {FLAT_SHARE:.0%} of the start.",
        "",
        "| process | at 0 s | start | end | max | slope | growth after warm-up | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
        *(f"| {role} | {m['first']:.1f} MB | {m['start']:.1f} MB | {m['end']:.1f} MB "
          f"| {m['max']:.1f} MB | {m['slope']:+.2f} MB/min | {m['growth']:+.1f} MB "
          f"(bound {m['bound']:.1f}) | {'flat' if m['flat'] else '**grows**'} |"
          for role, m in r["memory"].items()),
        "", reading(r),
        *(["", f"![p50 and p99 per 10 s window, and RSS of each part, over the run]({plot})"]
          if plot else []),
    ])


def explain(errors: dict[str, int]) -> str:
    """What the error keys seen mean: the graph's deadline and the view's."""
    graph = json.loads((ROOT / "operators" / "demo" / "home_feed.json").read_text())
    known = {"503 timeout": "the run passed the graph's own deadline in the worker "
                            f"(`home_feed` settings.timeout_ms: {graph['settings']['timeout_ms']})",
             "504": "no answer within the view's 2 s wait (LOOM_RECOMMEND_TIMEOUT_S)"}
    said = [f"`{k}`: {known[k]}" for k in sorted(errors) if k in known]
    return f" {'; '.join(said)}." if said else ""


def reading(r: dict[str, Any]) -> str:
    redis, every, other = r["redis"], r["all"], r["cpus_used"]["other"]
    grows = [role for role, m in r["memory"].items() if not m["flat"]]
    errors = sum(every["errors"].values())
    text = [f"Reading: {every['requests']:,} requests, "
            + (f"{errors:,} error{'s' * (errors != 1)} ({every['error_rate']:.2%}); "
               if errors else "no errors; ")
            + (f"memory grows after warm-up in: {', '.join(grows)}." if grows else
               "every part's memory is flat after warm-up.")]
    if every["errors"] and other > 0.25 * r["cpus"]:
        text.append(f"Other jobs used {other:.1f} of the {r['cpus']} CPUs meanwhile; a run "
                    "is CPU work, so a worker child kept waiting for a CPU passes the graph's "
                    "deadline before it has done the work.")
    per_entry = redis["stream_mb"] / redis["stream"] if redis["stream"] else 0.0
    text.append(
        f"At the end Redis used {redis['used_mb']:.1f} MB (`used_memory`), "
        f"{redis['stream_mb']:.1f} MB of it the exposure stream `events:expose` with "
        f"{redis['stream']:,} entries, one per answered request, kept up to the 100,000 "
        "that `trigger.emit_event` caps it at: Redis grows with traffic until then (about "
        f"{100_000 * per_entry:.0f} MB at this entry size), flat after; the table judges the "
        "rest of Redis.")
    return " ".join(text)


def plot(r: dict[str, Any], path: Path) -> bool:
    """p50 / p99 per window and RSS per part over time; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib is not installed: no plot")
        return False
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
    for q in ("p99", "p50"):
        top.plot([w["t"] for w in r["windows"]], [w[q] for w in r["windows"]], label=q)
    for role in ROLES:
        bottom.plot([t for t, _ in r["rss"]], [rss[role] for _, rss in r["rss"]], label=role)
    for ax, label in ((top, f"latency per {WINDOW_S:.0f} s, ms"), (bottom, "RSS, MB")):
        ax.set_ylabel(label)
        ax.set_ylim(bottom=0)
        ax.legend(loc="upper right" if ax is top else "center right")
        ax.axvline(r["warmup_s"], color="grey", linestyle="--", linewidth=0.8)
        ax.grid(alpha=0.3)
    bottom.set_xlabel("seconds into the run")
    fig.suptitle(f"{r['users']} users, POST {SCENE_URL} (dashed: end of warm-up)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return True
