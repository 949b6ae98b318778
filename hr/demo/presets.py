"""Sizes of the synthetic data: Bærum as calibrated, Oslo-sized with ten years of history, tiny for tests,
and a set of real municipalities of varied size for runs over many municipalities at once.

Every preset is Bærum's calibrated shape multiplied by a factor (persons) with a first simulated year
(history). The year before the first reported one is a run-in: staff exist on 31.12 of the year before
the first simulated year, absences start on 1 July of the first simulated year.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    factor: float  # persons as a multiple of Bærum's ≈ 12 600 with an employment on 31.12.2018
    first_year: int  # first simulated year; reported history starts the year after
    inhabitants: float = 1.0  # population in referanse/innbyggere.csv as a multiple of Bærum's

    @property
    def history(self) -> str:
        return f"{self.first_year + 1}–2018"


# Oslo kommune had about 50 000 persons with an employment in 2018: four times Bærum. Its population
# (≈ 673 000) is 5.4 times Bærum's; the per-inhabitant figures use that.
PRESETS = {
    "baerum": Preset(1.0, 2013),
    "oslo": Preset(3.97, 2008, inhabitants=5.39),
    "tiny": Preset(0.025, 2013),
}

# Real municipalities (kommunenummer as of 2018, name, population 1.1.2018 relative to Bærum's 124 900),
# ordered so that the first few already vary in size. The staff of each is Bærum's times that ratio.
MUNICIPALITIES = [
    ("0219", "Bærum kommune", 1.0),
    ("0807", "Notodden kommune", 0.10),
    ("0602", "Drammen kommune", 0.55),
    ("0403", "Hamar kommune", 0.25),
    ("1902", "Tromsø kommune", 0.61),
    ("0220", "Asker kommune", 0.49),
    ("0501", "Lillehammer kommune", 0.22),
    ("0106", "Fredrikstad kommune", 0.65),
    ("1502", "Molde kommune", 0.22),
    ("0805", "Porsgrunn kommune", 0.29),
    ("0104", "Moss kommune", 0.26),
    ("1804", "Bodø kommune", 0.41),
    ("0906", "Arendal kommune", 0.36),
    ("0502", "Gjøvik kommune", 0.24),
    ("1504", "Ålesund kommune", 0.38),
    ("0704", "Tønsberg kommune", 0.34),
    ("0709", "Larvik kommune", 0.37),
    ("0105", "Sarpsborg kommune", 0.45),
    ("0806", "Skien kommune", 0.44),
    ("1903", "Harstad kommune", 0.20),
]


@dataclass(frozen=True)
class Municipality:
    kommunenummer: str
    navn: str
    factor: float  # persons relative to Bærum, after the base scale is applied
    inhabitants: float
    seed: int


def municipalities(n: int, base: float, seed: int) -> list[Municipality]:
    """The first `n` municipalities of MUNICIPALITIES, each Bærum's shape times its size times `base`."""
    if not 1 <= n <= len(MUNICIPALITIES):
        raise ValueError(f"antall kommuner må være mellom 1 og {len(MUNICIPALITIES)}")
    return [Municipality(nr, navn, base * rel, rel, seed + i) for i, (nr, navn, rel) in enumerate(MUNICIPALITIES[:n])]
