// Deterministic node sizes and handle places. The canvas hands these to React Flow as
// `measured` + `handles`, so 1,000 nodes need no DOM measuring before they show, and the
// node component draws its rows with the same numbers.
import type { NodeDoc, OperatorEntry } from "../api/types";

export const NODE_WIDTH = 220;
export const HEADER_H = 42;
export const PARAM_ROW_H = 17;
export const PORT_ROW_H = 22;
export const BODY_PAD = 6;
export const HANDLE_SIZE = 8;
export const MAX_PARAMS_SHOWN = 3;
export const COND_HANDLE_X = 18;

export interface PortView {
  name: string;
  type: string;
  multiple: boolean;
  required: boolean;
  /** Port named in the document but unknown to the catalog. */
  unknown: boolean;
}

export interface NodeGeometry {
  width: number;
  height: number;
  params: Array<[string, string]>;
  moreParams: number;
  ports: PortView[];
  outputType: string;
  /** y of the first port row, from the node's top. */
  portsTop: number;
}

export function formatParam(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 26 ? `${text.slice(0, 25)}…` : text;
}

/** The params worth showing on the node: those set in the document, in schema order. */
export function keyParams(node: NodeDoc, entry: OperatorEntry | undefined): Array<[string, unknown]> {
  const params = node.params ?? {};
  const order = Object.keys((entry?.params_schema.properties as Record<string, unknown> | undefined) ?? {});
  const keys = Object.keys(params).sort((a, b) => rank(order, a) - rank(order, b));
  return keys.map((k) => [k, params[k]]);
}

const rank = (order: string[], key: string) => {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
};

export function nodeGeometry(node: NodeDoc, entry: OperatorEntry | undefined): NodeGeometry {
  const all = keyParams(node, entry);
  const shown = all.slice(0, MAX_PARAMS_SHOWN).map(([k, v]): [string, string] => [k, formatParam(v)]);
  const moreParams = all.length - shown.length;
  const ports: PortView[] = (entry?.inputs ?? []).map((p) => ({ ...p, unknown: false }));
  for (const name of Object.keys(node.inputs ?? {})) {
    if (!ports.some((p) => p.name === name)) {
      ports.push({ name, type: "?", multiple: true, required: false, unknown: true });
    }
  }
  const paramRows = shown.length + (moreParams > 0 ? 1 : 0);
  const portsTop = HEADER_H + paramRows * PARAM_ROW_H + BODY_PAD;
  const height = portsTop + Math.max(ports.length, 1) * PORT_ROW_H + BODY_PAD;
  return {
    width: NODE_WIDTH,
    height,
    params: shown,
    moreParams,
    ports,
    outputType: entry?.output.type ?? "?",
    portsTop,
  };
}

export const portCenterY = (geom: NodeGeometry, index: number) => geom.portsTop + index * PORT_ROW_H + PORT_ROW_H / 2;
