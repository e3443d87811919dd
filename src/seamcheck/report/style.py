"""What every picture of the report shares: colours per language and edge status, labels."""

from __future__ import annotations

from seamcheck.report.model import Call, ServiceEdge

# language -> (fill, text); "" for anything else
LANGUAGE_COLOURS = {
    "python": ("#2b5b84", "#ffffff"),
    "typescript": ("#1f7a55", "#ffffff"),
    "javascript": ("#e0c419", "#1f2328"),
    "": ("#8b949e", "#ffffff"),
}
STATUS_COLOURS = {"ok": "#57606a", "broken": "#c62828", "violation": "#d9480f"}
STATUS_SYMBOLS = {"pass": "✅", "fail": "❌", "warn": "⚠️", "note": "ℹ️", "off": "➖"}  # noqa: RUF001


def edge_label(edge: ServiceEdge) -> str:
    """`3 routes`, `2 routes, 1 broken`, `imports (2)`."""
    if edge.kind == "import":
        return f"imports ({edge.calls})"
    label = f"{edge.routes} route" + ("" if edge.routes == 1 else "s")
    return f"{label}, {edge.broken} broken" if edge.broken else label


def request_label(call: Call) -> str:
    """`POST /v1/predict` as the target receives it; the URL when the call is unresolved."""
    method = call.method or "*"
    return f"{method} {call.path}" if call.target else f"{method} {call.url}".strip()


def call_status(call: Call) -> str:
    """`linked`, `broken: did you mean ...`, `unresolved: why`, with the proxy it goes through."""
    text = call.status.replace("_", " ")
    if call.note:
        text += f": {call.note}"
    if call.via:
        where = f", {call.via_location}" if call.via_location else ""
        text += f" (via {call.via}{where})"
    return text
