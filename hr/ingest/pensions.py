"""The pension key (EXTRACTS.md "pensjon/*"): provider + person + pension type + uttaksdato.

Before the suite runs, each pension row gets two helper columns its rules check
(expectations/pensjon.json): `_pensjon_levert` (the key was already delivered: earlier in the same file,
in an earlier year's file of the provider checked in the same run, or in an earlier year the warehouse
holds) and `_uttaksaar` (the year of uttaksdato, to be the year in the file name). The first delivery
of a key is the one that counts; every later copy is set aside as `duplikat_pensjon`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from hr.ingest.specs import PENSION_LABELS

if TYPE_CHECKING:
    from hr.ingest.delivery import Delivery

KEY = ["person_id", "pensjonstype", "uttaksdato"]


def mark(deliveries: list[Delivery], delivered_before: pd.DataFrame | None) -> None:
    """Add `_pensjon_levert` and `_uttaksaar` to the typed frames of pension deliveries of one provider.

    `delivered_before`: the warehouse's keys of the provider (columns KEY + aar), or None when none are
    known. Deliveries are taken in the order of their year, so a key of klp_2018 makes klp_2019's copy
    the duplicate, whichever was loaded first.
    """
    seen: set[tuple[object, ...]] = set()
    for d in sorted(deliveries, key=lambda d: d.file.file_date or ""):
        typed, provider, file_date = d.typed, d.file.provider, d.file.file_date
        # a pension file's name gives its provider and year, and extract typed every delivery that gets here
        assert typed is not None and provider is not None and file_date is not None
        year = int(file_date)
        key = pd.DataFrame(
            {
                "person_id": typed["person_id"],
                "pensjonstype": typed["pensjonstype"].map(PENSION_LABELS[provider]),
                "uttaksdato": pd.to_datetime(typed["uttaksdato"]).dt.date,
            },
            index=typed.index,
        )
        complete = key.notna().all(axis=1)
        tuples = pd.Series(list(key.itertuples(index=False, name=None)), index=key.index, dtype="object")
        earlier = set(seen)
        if delivered_before is not None and not delivered_before.empty:
            before = delivered_before[delivered_before["aar"] < year]
            days = pd.to_datetime(before["uttaksdato"]).dt.date
            earlier |= set(zip(before["person_id"], before["pensjonstype"], days))
        again = complete & (tuples.isin(earlier) | tuples.duplicated(keep="first"))
        typed["_pensjon_levert"] = again.to_numpy(dtype=bool)
        typed["_uttaksaar"] = (
            pd.to_datetime(typed["uttaksdato"])
            .dt.year.astype("Int64")
            .astype("string")
            .astype("object")
            .where(typed["uttaksdato"].notna(), None)
        )
        seen |= set(tuples[complete])
