"""Counts in bokmål as the CLI and the run summaries write them: «1 rad», «2 rader», «0 rader».

A module of its own without imports from the project, so that every layer may use it."""

from __future__ import annotations


def count(n: int, one: str, many: str) -> str:
    """`n` with the noun in the right number: count(1, "rad", "rader") is «1 rad», count(3, …) «3 rader»."""
    return f"{n} {one if n == 1 else many}"
