"""Datasource operators against real services: Redis, a local HTTP server, SQLite, files."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import redis

from operators import default_registry
from operators.library.datasource import DataSourceError
from operators.library.datasource_remote import RemoteSourceError

REG = default_registry()


def op(name: str, **params: Any) -> Any:
    return REG.get(name)(**params)


# -- Redis ----------------------------------------------------------------------------------

def test_redis_reads_each_command(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.zadd("user:u1:history", {"a": 1, "b": 2})
    redis_sync.sadd("tags", "y", "x")
    redis_sync.hset("user:u1", mapping={"tier": "gold"})
    redis_sync.set("cfg", json.dumps([{"item_id": "p"}, {"item_id": "q"}]))
    redis_sync.set("plain", "hello")
    ctx = {"user": {"id": "u1"}}
    assert run_op(op("datasource.redis", key="user:{user.id}:history", limit=1), ctx) == [
        {"item_id": "b", "score": 2.0}]
    assert run_op(op("datasource.redis", command="smembers", key="tags",
                     member_field="tag"), ctx) == [{"tag": "x"}, {"tag": "y"}]
    assert run_op(op("datasource.redis", command="hgetall", key="user:{user.id}"), ctx) == [
        {"tier": "gold"}]
    assert run_op(op("datasource.redis", command="get", key="cfg"), ctx) == [
        {"item_id": "p"}, {"item_id": "q"}]
    assert run_op(op("datasource.redis", command="get", key="plain"), ctx) == [
        {"value": "hello"}]
    assert run_op(op("datasource.redis", command="hgetall", key="nope"), ctx) == []


def test_redis_wrong_type_is_named(run_op: Any, redis_sync: redis.Redis) -> None:
    redis_sync.set("s", "x")
    with pytest.raises(DataSourceError, match="redis key 's' holds a string"):
        run_op(op("datasource.redis", key="s"), {})


# -- HTTP -----------------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        if self.path.startswith("/slow"):
            time.sleep(0.5)
        if self.path.startswith("/fail"):
            self._send(500, b"{}")
        elif self.path.startswith("/echo"):
            echo = [{"path": self.path, "auth": self.headers.get("Authorization")}]
            self._send(200, json.dumps(echo).encode())
        elif self.path.startswith("/text"):
            self._send(200, b"not json")
        else:
            payload = {"echo": self.path, "auth": self.headers.get("Authorization"),
                       "data": {"items": [{"id": 1, "meta": {"cat": "a"}}, {"id": 2}]}}
            self._send(200, json.dumps(payload).encode())

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers["Content-Length"])
        body = json.loads(self.rfile.read(length))
        self._send(200, json.dumps([{"got": body}]).encode())

    def _send(self, code: int, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def http_base() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_http_rows_fields_and_quoting(run_op: Any, http_base: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    source = op("datasource.http_json", url=http_base + "/items?q={query}",
                rows_path="data.items", fields={"item_id": "id", "category": "meta.cat"})
    rows = run_op(source, {"query": "a b/c"})
    assert rows == [{"item_id": 1, "category": "a"}, {"item_id": 2, "category": None}]
    monkeypatch.setenv("LOOM_TEST_TOKEN", "s3cret")
    echo = op("datasource.http_json", url=http_base + "/echo?q={query}",
              token_env="LOOM_TEST_TOKEN")
    assert run_op(echo, {"query": "a b/c"}) == [{"path": "/echo?q=a%20b%2Fc",
                                                 "auth": "Bearer s3cret"}]
    with pytest.raises(RemoteSourceError, match="expected a list"):
        run_op(op("datasource.http_json", url=http_base + "/x"), {})
    posted = op("datasource.http_json", url=http_base + "/p", method="POST",
                body={"user": "user.id"})
    assert run_op(posted, {"user": {"id": "u7"}}) == [{"got": {"user": "u7"}}]


def test_http_errors_are_plain(run_op: Any, http_base: str) -> None:
    with pytest.raises(RemoteSourceError, match="HTTP 500"):
        run_op(op("datasource.http_json", url=http_base + "/fail"), {})
    with pytest.raises(RemoteSourceError, match="did not return JSON"):
        run_op(op("datasource.http_json", url=http_base + "/text"), {})
    with pytest.raises(TimeoutError, match="did not answer within 50 ms"):
        run_op(op("datasource.http_json", url=http_base + "/slow", timeout_ms=50), {})
    with pytest.raises(RemoteSourceError, match="failed"):
        run_op(op("datasource.http_json", url="http://127.0.0.1:1/x"), {})
    with pytest.raises(RemoteSourceError, match="LOOM_NOPE_TOKEN is not set"):
        run_op(op("datasource.http_json", url=http_base, token_env="LOOM_NOPE_TOKEN"), {})


# -- SQL ------------------------------------------------------------------------------------

def test_sql_binds_from_the_context(run_op: Any, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "items.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE items (item_id TEXT, cat TEXT, score REAL)")
        conn.executemany("INSERT INTO items VALUES (?, ?, ?)",
                         [("a", "x", 1.0), ("b", "x", 2.0), ("c", "y", 3.0)])
    query = "SELECT item_id, score FROM items WHERE cat = :cat ORDER BY score DESC"
    sql = op("datasource.sql", url=f"sqlite:///{db}", query=query, binds={"cat": "user.cat"})
    assert run_op(sql, {"user": {"cat": "x"}}) == [{"item_id": "b", "score": 2.0},
                                                   {"item_id": "a", "score": 1.0}]
    # A hostile value is data, never SQL.
    assert run_op(sql, {"user": {"cat": "x' OR '1'='1"}}) == []
    monkeypatch.setenv("LOOM_TEST_DB", f"sqlite:///{db}")
    by_env = op("datasource.sql", url_env="LOOM_TEST_DB", query="SELECT 1 AS one", limit=1)
    assert run_op(by_env, {}) == [{"one": 1}]
    with pytest.raises(RemoteSourceError, match="SQL query failed"):
        run_op(op("datasource.sql", url=f"sqlite:///{db}", query="SELECT * FROM nope"), {})


def test_sql_refuses_writes_and_missing_urls() -> None:
    cls = REG.get("datasource.sql")
    errors = cls.check_params({"url": "sqlite://", "query": "DELETE FROM items"})[1]
    assert [e.code for e in errors] == ["param_conflict"] and "SELECT" in errors[0].message
    assert "exactly one" in cls.check_params({"query": "SELECT 1"})[1][0].message


# -- files ----------------------------------------------------------------------------------

def test_csv_and_parquet_files(run_op: Any, tmp_path: Path) -> None:
    csv = tmp_path / "items.csv"
    csv.write_text("item_id,score,cat\na,1.5,x\nb,2.5,y\n")
    assert run_op(op("datasource.file", path=str(csv), columns=["item_id", "score"]), {}) == [
        {"item_id": "a", "score": 1.5}, {"item_id": "b", "score": 2.5}]
    pq_path = tmp_path / "items.parquet"
    pq.write_table(pa.table({"item_id": ["p", "q", "r"], "n": [1, 2, 3]}), pq_path)
    assert run_op(op("datasource.file", path=str(pq_path), limit=2), {}) == [
        {"item_id": "p", "n": 1}, {"item_id": "q", "n": 2}]
    with pytest.raises(DataSourceError, match="cannot read"):
        run_op(op("datasource.file", path=str(tmp_path / "none.csv")), {})
    bad = tmp_path / "bad.parquet"
    bad.write_text("nope")
    with pytest.raises(DataSourceError, match="cannot parse"):
        run_op(op("datasource.file", path=str(bad)), {})


@pytest.mark.parametrize(
    ("name", "params", "code"),
    [("datasource.redis", {"key": "k", "command": "keys"}, "param_out_of_range"),
     ("datasource.redis", {}, "missing_param"),
     ("datasource.http_json", {"url": "http://x/{a", "timeout_ms": 5}, "param_type"),
     ("datasource.http_json", {"url": "http://x", "timeout_ms": 0}, "param_out_of_range"),
     ("datasource.file", {"path": "x.csv", "format": "xml"}, "param_out_of_range")],
)
def test_bad_params(name: str, params: dict[str, Any], code: str) -> None:
    assert REG.get(name).check_params(params)[1][0].code == code
