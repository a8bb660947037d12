"""Locust users for `make load` (bench/load_run.py starts locust headless with this file).

Each user is a closed loop: POST /api/scenes/home_feed/recommend/ for a random demo user,
wait for the answer, send the next one (no think time). The token and the users' contexts
come from the JSON file named by LOOM_LOAD_INPUT; every request's start time, latency and
outcome are written to LOOM_LOAD_SAMPLES when locust quits, so the runner can compute
percentiles per time window itself (locust's own CSVs only keep running totals).
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant, events, task

SCENE_URL = "/api/scenes/home_feed/recommend/"
_INPUT: dict[str, Any] = json.loads(Path(os.environ["LOOM_LOAD_INPUT"]).read_text())
_HEADERS = {"Authorization": f"Token {_INPUT['token']}", "Content-Type": "application/json"}
# (start as Unix time, latency in ms, "ok" or "<status> <body status>" / "error <exception>")
SAMPLES: list[tuple[float, float, str]] = []


def outcome(status: int, body: dict[str, Any], error: BaseException | None) -> str:
    """"ok" only for a 200 whose run answered (ok or degraded); otherwise a key to count by."""
    if not status:
        return f"error {type(error).__name__ if error else 'no answer'}"
    if status == 200 and body.get("status") in ("ok", "degraded"):
        return "ok"
    return f"{status} {body.get('status', '')}".strip()


def _body(text: str | None) -> dict[str, Any]:
    try:
        parsed = json.loads(text or "{}")
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


class Recommender(FastHttpUser):
    wait_time = constant(0)  # closed loop: the next request leaves when the answer is in
    connection_timeout = 10.0
    network_timeout = 30.0  # well past the 2 s recommend deadline: a 504 is an answer

    @task
    def recommend(self) -> None:
        ctx = random.choice(_INPUT["contexts"])
        payload = json.dumps({"unit_id": ctx["user"]["id"], "context": ctx})
        started, t0 = time.time(), time.perf_counter()
        with self.client.post(SCENE_URL, data=payload, headers=_HEADERS, name="recommend",
                              catch_response=True) as response:
            ms = (time.perf_counter() - t0) * 1000
            # status 0: no answer; locust keeps the connection's exception in request_meta
            key = outcome(response.status_code or 0, _body(response.text),
                          response.request_meta.get("exception"))
            if key == "ok":
                response.success()
            else:
                response.failure(key)
        SAMPLES.append((started, ms, key))


@events.quitting.add_listener
def _write_samples(**_: Any) -> None:
    Path(os.environ["LOOM_LOAD_SAMPLES"]).write_text(json.dumps(SAMPLES))
