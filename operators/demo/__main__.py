"""`python -m operators.demo`: load the synthetic catalogue into Redis and run `home_feed`
for a few users, printing their items and the timing tree.

Uses REDIS_URL (or --redis) when given, otherwise an embedded redis-server on a free port.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
from pathlib import Path

import redis
import redis.asyncio as aioredis

from graphengine import Engine, Graph, render_trace
from operators.demo.catalogue import generate
from operators.demo.load import load
from operators.demo.make_onnx_model import build_model
from operators.demo.redis_server import EmbeddedRedis
from operators.demo.scene import home_feed_document, sample_users, user_context


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m operators.demo", description=__doc__)
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL"),
                        help="Redis URL (default: REDIS_URL, else an embedded server)")
    parser.add_argument("--users", type=int, default=4, help="how many users to show")
    parser.add_argument("--seed", type=int, default=7, help="catalogue seed")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = args.redis
        if not url:
            url = stack.enter_context(EmbeddedRedis()).url
            print(f"started an embedded Redis at {url}")
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="loom-demo-")))
        catalogue = generate(seed=args.seed)
        counts = load(catalogue, redis.Redis.from_url(url, decode_responses=True))
        print("loaded " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items()))
        graph = Graph.from_dict(home_feed_document(build_model(workdir / "demo_ctr.onnx")))
        print(f"graph '{graph.name}': {len(graph.nodes)} nodes, hash {graph.config_hash[:12]}")
        engine = Engine()
        client = aioredis.Redis.from_url(url, decode_responses=True)
        half = max(1, args.users // 2)
        for user in sample_users(catalogue, new=half, existing=args.users - half):
            result = engine.run(graph, user_context(user, catalogue.now),
                                resources={"redis": client})
            kind = "new user" if user.days_since_signup < 7 else "returning user"
            print(f"\n== {user.user_id} ({kind}, {len(user.history)} history items, "
                  f"likes {user.favourite_category}) -> {result.status}")
            for row in (result.output.rows() if result.output is not None else [])[:10]:
                print(f"  {row['rank']:>2}. {row['item_id']}  {row['category']}  "
                      f"score {row['score']:.3f}  from {','.join(row['sources'])}")
            print(render_trace(result.trace))
        engine.run_coroutine(client.aclose())
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
