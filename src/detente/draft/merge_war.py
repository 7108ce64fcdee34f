"""Merging analysts' ``war:`` sections on their raw data, number by number (see :mod:`.merge` for the family).

The war section's schema is being redesigned, so this walks the plain data rather than the model: a
number (plain, or a mapping with ``value``/``low``/``high``/``mean``/``triangular`` and evidence) on
which analysts differ becomes ``{triangular: [low, median, high], source, note}``; mappings are merged
key by key, lists item by item; a text on which they differ keeps the first analyst's and is reported.
"""

from __future__ import annotations

from typing import Any

from .merge import MergeResult, merged_number

__all__ = ["merge_war"]

_NUMBER_KEYS = {"value", "low", "high", "mean", "sd", "triangular", "source", "date", "note"}


def _is_number(node: Any) -> bool:
    if isinstance(node, bool):
        return False
    if isinstance(node, (int, float)):
        return True
    return isinstance(node, dict) and bool(node) and set(node) <= _NUMBER_KEYS and bool(
        set(node) & {"value", "low", "high", "mean", "triangular"})


def _parts(node: Any) -> tuple[float, list[float], list[float], str]:
    """(nominal value, lows, highs, source) of one analyst's number."""
    if not isinstance(node, dict):
        return float(node), [], [], ""
    tri = node.get("triangular")
    if tri:
        return float(tri[1]), [float(tri[0])], [float(tri[2])], str(node.get("source") or "")
    lows = [float(node["low"])] if "low" in node else []
    highs = [float(node["high"])] if "high" in node else []
    if "sd" in node:
        mean = float(node.get("mean", node.get("value")))
        return mean, [mean - 2 * node["sd"]], [mean + 2 * node["sd"]], str(node.get("source") or "")
    value = node.get("value", node.get("mean"))
    if value is None:
        value = 0.5 * (lows[0] + highs[0])
    return float(value), lows, highs, str(node.get("source") or "")


def _walk(nodes: dict[str, Any], path: str, result: MergeResult) -> Any:
    first = next(iter(nodes.values()))
    if all(_is_number(n) for n in nodes.values()):
        parts = {a: _parts(n) for a, n in nodes.items()}
        values = {a: p[0] for a, p in parts.items()}
        lows = [x for p in parts.values() for x in p[1]]
        highs = [x for p in parts.values() for x in p[2]]
        if len(set(values.values())) == 1 and len({repr(n) for n in nodes.values()}) == 1:
            return first
        if len(set(values.values())) == 1 and not lows:
            return first
        scale = max(max(abs(v) for v in [*values.values(), *lows, *highs]), 1e-12)
        spec, spread = merged_number(values, lows, highs, {a: p[3] for a, p in parts.items()}, scale)
        result.disagreements.append({"where": path, "values": values, "low": spec["triangular"][0],
                                     "mode": spec["triangular"][1], "high": spec["triangular"][2], "spread": spread})
        return spec
    if all(isinstance(n, dict) for n in nodes.values()):
        keys: list[str] = []
        for n in nodes.values():
            keys += [k for k in n if k not in keys]
        out = {}
        for k in keys:
            having = {a: n[k] for a, n in nodes.items() if k in n}
            if len(having) < len(nodes):
                result.partial.append(f"{path}.{k} only in {', '.join(having)}")
            out[k] = _walk(having, f"{path}.{k}", result)
        return out
    if all(isinstance(n, list) for n in nodes.values()) and len({len(n) for n in nodes.values()}) == 1:
        return [_walk({a: n[k] for a, n in nodes.items()}, f"{path}[{k}]", result) for k in range(len(first))]
    if len({repr(n) for n in nodes.values()}) > 1:
        listed = "; ".join(f"{a}: {n!r}" for a, n in nodes.items())
        result.partial.append(f"{path}: the analysts differ ({listed}); kept {next(iter(nodes))}'s")
    return first


def merge_war(wars: dict[str, dict], result: MergeResult) -> dict:
    """The merged ``war:`` section of the analysts who have one."""
    return _walk(wars, "war", result)
