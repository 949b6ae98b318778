"""Synthetic municipality: demo extracts in the contract's formats, calibrated to Bærum 2018."""
from __future__ import annotations

from pathlib import Path

SCALES = {"baerum": 1.0, "tiny": 0.025}


def generate_landing(target: Path, *, scale: str | float = "baerum", seed: int = 2018) -> Path:
    """Write a landing directory at `target` (EXTRACTS.md formats) and return it.

    Same seed and scale give byte-identical files. `scale="baerum"` is about 12 600 persons with an
    employment on 31.12.2018; "tiny" a few hundred; a float multiplies the Bærum size.
    """
    from .landing import write_landing

    factor = SCALES[scale] if isinstance(scale, str) else float(scale)
    if factor <= 0:
        raise ValueError("scale must be positive")
    return write_landing(Path(target), factor, seed)
