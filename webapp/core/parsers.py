"""JSON bodies that Loom can store and echo back."""

from __future__ import annotations

import json
from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class StrictJSONParser(JSONParser):
    """DRF's parser accepts `"\\ud800"` (valid JSON, a lone UTF-16 surrogate), which no
    database stores and no UTF-8 response can echo: refuse it here as a 400, not a 500 later."""

    def parse(self, stream: Any, media_type: str | None = None,
              parser_context: dict[str, Any] | None = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("JSON parse error - the body holds a lone surrogate "
                             f"({exc.object[exc.start:exc.end]!a}), which is not text") from exc
        except RecursionError as exc:
            raise ParseError("JSON parse error - the body is nested too deeply") from exc
        return data
