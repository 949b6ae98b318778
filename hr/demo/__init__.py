"""Synthetic municipality: demo extracts in the contract's formats, calibrated to Bærum 2018."""

from __future__ import annotations

from pathlib import Path

from .presets import MUNICIPALITIES, PRESETS, Preset, municipalities

SCALES = {name: p.factor for name, p in PRESETS.items()}
__all__ = ["MUNICIPALITIES", "PRESETS", "SCALES", "generate_landing", "generate_municipalities", "preset_of"]


def preset_of(scale: str | float) -> Preset:
    """A preset name (baerum, oslo, tiny) or a float times Bærum's size with Bærum's history."""
    if isinstance(scale, str):
        if scale in PRESETS:
            return PRESETS[scale]
        try:
            scale = float(scale)
        except ValueError:
            raise ValueError(f"ukjent størrelse {scale!r}: bruk {', '.join(PRESETS)} eller et tall") from None
    if float(scale) <= 0:
        raise ValueError("scale must be positive")
    return Preset(float(scale), PRESETS["baerum"].first_year)


def generate_landing(target: Path, *, scale: str | float = "baerum", seed: int = 2018) -> Path:
    """Write a landing directory at `target` (EXTRACTS.md formats) and return it.

    Same seed and scale give byte-identical files. `scale="baerum"` is about 12 600 persons with an
    employment on 31.12.2018 and history 2014–2018; "oslo" about 50 000 persons and 2009–2018; "tiny" a
    few hundred; a float multiplies the Bærum size.
    """
    from .landing import write_landing

    p = preset_of(scale)
    return write_landing(Path(target), p.factor, seed, p.first_year, inhabitants=p.inhabitants)


def generate_municipalities(target: Path, n: int, *, scale: str | float = "baerum", seed: int = 2018) -> list[Path]:
    """N municipalities of varied size, one landing directory each: `target/<kommunenummer>/`.

    Each is a real municipality's number and name with Bærum's shape scaled by its population and by
    `scale`; they load into one warehouse side by side (every row carries its kommunenummer).
    """
    from .landing import write_landing

    base = preset_of(scale)
    out = []
    for m in municipalities(n, base.factor, seed):
        out.append(
            write_landing(
                Path(target) / m.kommunenummer,
                m.factor,
                m.seed,
                base.first_year,
                kommune=(m.kommunenummer, m.navn),
                inhabitants=m.inhabitants,
            )
        )
    return out
