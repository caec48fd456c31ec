import type cytoscape from "cytoscape";
import type { GraphNodeType } from "../api-types.ts";

/**
 * How each kind of node looks: a shape and a colour per type (so the graph reads in greyscale too),
 * disputes and failed payments marked in red, truncated supernodes with a double border and their counts.
 */

export const nodeLook: Record<
  GraphNodeType,
  { shape: cytoscape.Css.NodeShape; colour: string; name: string }
> = {
  guest: { shape: "ellipse", colour: "#2563eb", name: "Guest" },
  customer: { shape: "hexagon", colour: "#0f766e", name: "Registered customer" },
  payment: { shape: "diamond", colour: "#6b7280", name: "Payment" },
  email: { shape: "round-rectangle", colour: "#7c3aed", name: "Email" },
  phone: { shape: "round-triangle", colour: "#d97706", name: "Phone" },
  card: { shape: "tag", colour: "#db2777", name: "Card" },
};

export const danger = "#b91c1c";

export function graphStyle(): cytoscape.StylesheetJson {
  return [
    {
      selector: "node",
      style: {
        label: "data(display)",
        "font-size": 10,
        // Labels too small to read at the current zoom are not drawn: a 2,000-node graph redraws fast.
        "min-zoomed-font-size": 7,
        color: "#1a1f36",
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-wrap": "ellipsis",
        "text-max-width": "140px",
        "text-background-color": "#ffffff",
        "text-background-opacity": 0.85,
        "text-background-padding": "1px",
        width: 26,
        height: 26,
        "border-width": 1.5,
        "border-color": "#ffffff",
      },
    },
    ...Object.entries(nodeLook).map(([type, look]) => ({
      selector: `node[type = "${type}"]`,
      style: { shape: look.shape, "background-color": look.colour },
    })),
    { selector: 'node[type = "payment"]', style: { width: 18, height: 18 } },
    {
      selector: "node.start",
      style: { width: 38, height: 38, "border-width": 3, "border-color": "#1a1f36", "font-weight": "bold" },
    },
    { selector: "node.disputed", style: { "border-width": 4, "border-color": danger } },
    {
      selector: "node.failed",
      style: {
        "border-width": 3,
        "border-style": "dashed",
        "border-color": danger,
        "background-opacity": 0.55,
      },
    },
    {
      selector: "node.truncated",
      style: {
        "border-width": 6,
        "border-style": "double",
        "border-color": "#1a1f36",
        width: 40,
        height: 40,
        "text-wrap": "wrap",
        "text-max-width": "240px",
        "font-weight": "bold",
      },
    },
    { selector: "node.expanded", style: { "background-blacken": -0.15 } },
    {
      selector: "node:selected",
      style: { "overlay-color": "#f5a300", "overlay-opacity": 0.35, "overlay-padding": 6 },
    },
    {
      selector: "edge",
      style: {
        width: "mapData(weight, 1, 20, 1, 5)",
        "line-color": "#a3aab8",
        "curve-style": "haystack",
        opacity: 0.8,
      },
    },
    { selector: 'edge[type = "belongs_to"], edge[type = "made_by"]', style: { "line-style": "dashed" } },
    { selector: "edge.on-path", style: { "line-color": "#f59e0b", width: 5, opacity: 1, "z-index": 10 } },
    { selector: "node.on-path", style: { "border-width": 4, "border-color": "#f59e0b" } },
  ];
}
