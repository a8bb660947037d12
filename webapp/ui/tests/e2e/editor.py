"""A page object for the graph editor (/app/graphs/<id>): the few gestures the editor
tests share, on the front end's data-testid and React Flow's data-id attributes."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator, Page, expect


def small_document(name: str = "small", n: int = 1) -> dict[str, Any]:
    """A valid two-node graph, table -> limit. With positions, so the editor's copy (which
    places unpositioned nodes) equals the server's and only real edits count as changes."""
    return {
        "schema": 1,
        "name": name,
        "nodes": [
            {"id": "items", "op": "datasource.table", "position": {"x": 0, "y": 0},
             "params": {"rows": [{"item_id": "a", "score": 1}, {"item_id": "b", "score": 2}]}},
            {"id": "top", "op": "basic.limit", "position": {"x": 320, "y": 0},
             "params": {"n": n}, "inputs": {"items": ["items"]}},
        ],
    }


class Editor:
    def __init__(self, page: Page) -> None:
        self.page = page

    # -- opening -----------------------------------------------------------------------

    def open(self, graph_id: int) -> Editor:
        self.page.goto(f"/app/graphs/{graph_id}")
        return self.wait_loaded()

    def wait_loaded(self) -> Editor:
        expect(self.page.get_by_test_id("editor")).to_be_visible()
        # Edits are refused until /api/me/ says the user may edit; undo is enabled by then.
        expect(self.page.get_by_test_id("save-button")).to_be_enabled()
        return self

    @property
    def graph_id(self) -> int:
        return int(self.page.url.rstrip("/").rsplit("/", 1)[1])

    # -- locators ----------------------------------------------------------------------

    def node(self, node_id: str) -> Locator:
        return self.page.locator(f'.react-flow__node[data-id="{node_id}"]')

    def nodes(self) -> Locator:
        return self.page.locator(".react-flow__node-op")

    def edge(self, source: str, target: str, port: str) -> Locator:
        # Data links are keyed d:<target>:<port>:<source> (lib/connect.ts dataEdgeId).
        return self.page.locator(f'.react-flow__edge[data-id="d:{target}:{port}:{source}"]')

    def edges(self) -> Locator:
        return self.page.locator(".react-flow__edge")

    def handle(self, node_id: str, handle_id: str) -> Locator:
        return self.page.locator(
            f'.react-flow__handle[data-nodeid="{node_id}"][data-handleid="{handle_id}"]')

    def problems(self, node_id: str | None = None) -> Locator:
        panel = self.page.get_by_test_id("problems")
        if node_id is None:
            return panel.get_by_test_id("problem")
        return panel.locator(f'[data-testid=problem][data-node="{node_id}"]')

    def param(self, name: str) -> Locator:
        """The inspector's input for a param of the selected node (rjsf ids: root_<name>)."""
        return self.page.get_by_test_id("inspector").locator(f"#root_{name}")

    @property
    def save_status(self) -> Locator:
        return self.page.get_by_test_id("save-status")

    # -- gestures ----------------------------------------------------------------------

    def drop_operator(self, op: str, x: float, y: float) -> None:
        """Drag an operator from the palette and drop it at (x, y) in canvas pixels."""
        item = self.page.get_by_test_id(f"palette-item-{op}")
        item.scroll_into_view_if_needed()
        item.drag_to(self.page.get_by_test_id("canvas"), target_position={"x": x, "y": y})

    def connect(self, source: str, target: str, port: str) -> None:
        """Drag from the source's output handle to the target's input port, in small steps
        so React Flow sees a drag and snaps to the handle under the pointer."""
        start = self._centre(self.handle(source, "out"))
        end = self._centre(self.handle(target, f"in:{port}"))
        mouse = self.page.mouse
        mouse.move(*start)
        mouse.down()
        mouse.move(*end, steps=12)
        mouse.up()

    def select(self, node_id: str) -> None:
        # Near the top-left corner (the header), not the centre: a press on a port handle
        # would start a connection. Works zoomed out too, where nodes are plain boxes.
        node = self.node(node_id)
        box = node.bounding_box()
        assert box is not None, f"node {node_id} is not on screen"
        node.click(position={"x": min(40, box["width"] / 4), "y": min(12, box["height"] / 4)})
        expect(self.page.get_by_test_id("node-id-input")).to_have_value(node_id)

    def set_param(self, name: str, value: str) -> None:
        field = self.param(name)
        field.fill(value)
        field.blur()

    def zoom_at(self, node_id: str, notches: int) -> None:
        """Turn the mouse wheel over a node: negative notches zoom in around it."""
        self.page.mouse.move(*self._centre(self.node(node_id)))
        for _ in range(abs(notches)):
            self.page.mouse.wheel(0, 100 if notches > 0 else -100)

    def pane_point(self) -> tuple[float, float]:
        """A spot of empty canvas (the pane: no node, edge or control over it) to grab for
        panning; pressing on a node would drag the node instead."""
        point = self.page.evaluate("""() => {
          const r = document.querySelector('[data-testid=canvas]').getBoundingClientRect();
          for (let y = r.top + 40; y < r.bottom - 40; y += 13)
            for (let x = r.left + 40; x < r.right - 40; x += 13)
              if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane'))
                return [x, y];
          return null;
        }""")
        assert point is not None, "no empty spot of canvas to grab"
        return float(point[0]), float(point[1])

    def pan_to(self, node_id: str, fx: float, fy: float) -> None:
        """Drag the pane so the node's centre lands at (fx, fy) of the canvas' size."""
        canvas = self.page.get_by_test_id("canvas").bounding_box()
        assert canvas is not None
        x, y = self._centre(self.node(node_id))
        grab_x, grab_y = self.pane_point()
        mouse = self.page.mouse
        mouse.move(grab_x, grab_y)
        mouse.down()
        mouse.move(grab_x + canvas["x"] + fx * canvas["width"] - x,
                   grab_y + canvas["y"] + fy * canvas["height"] - y, steps=10)
        mouse.up()

    def save(self) -> None:
        self.page.get_by_test_id("save-button").click()
        expect(self.save_status).to_have_text("Saved")

    @staticmethod
    def _centre(locator: Locator) -> tuple[float, float]:
        box = locator.bounding_box()
        assert box is not None, f"{locator} is not on screen"
        return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
