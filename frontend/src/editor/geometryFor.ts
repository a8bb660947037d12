import type { NodeDoc } from "../api/types";
import { nodeGeometry, type NodeGeometry } from "../lib/geometry";
import { useEditor } from "./store";

/** A node's canvas size with the store's catalog. */
export const geometryFor = (node: NodeDoc): NodeGeometry => nodeGeometry(node, useEditor.getState().catalog[node.op]);
