// Colours of event types and rules, the same in the timeline, the match table and charts.
import type { EventType } from "./types";

export const TYPE_COLOURS: Record<EventType, string> = {
  click: "#3355dd", fav: "#c2185b", cart: "#b26b00", order: "#1a7f37", play: "#8a3ffc", expose: "#5d6b82",
};

const RULE_PALETTE = ["#d9480f", "#0f7b8a", "#7048e8", "#2b8a3e", "#c2185b", "#1c7ed6", "#a61e4d", "#5c940d"];

export const typeColour = (type: string) => TYPE_COLOURS[type as EventType] ?? "#8a8f98";

/** A rule's colour by its place in the list of rules (stable for one graph). */
export const ruleColour = (index: number) => RULE_PALETTE[((index % RULE_PALETTE.length) + RULE_PALETTE.length) % RULE_PALETTE.length] as string;

/** rule id → colour, in the order given. */
export function ruleColours(ruleIds: readonly string[]): Record<string, string> {
  return Object.fromEntries(ruleIds.map((id, i) => [id, ruleColour(i)]));
}
