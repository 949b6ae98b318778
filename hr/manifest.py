"""The manifest schema shared by the report beside its PDF (`<report>_<period>.manifest.json`,
reports/render.py) and each delivery in the archive (hr/delivery/archive.py): a low-level module, so the
render layer does not import the delivery layer."""

from __future__ import annotations

import json
from typing import Any

# One schema for every manifest the pipeline writes: the one beside each rendered report
# (`<report>_<period>.manifest.json`, reports/render.py) and the one in each delivery directory.
# Both carry `schema`, `kommunenummer`, `rapport`, `periode` and `extracts`, each extract an
# `extract_entry`; a delivery's manifest adds the decision, the recipients and the files sent.
MANIFEST_SCHEMA = "hr-manifest/1"
EXTRACT_FIELDS = ("kind", "file_name", "file_date", "checksum", "rows_read", "rows_loaded", "rows_set_aside")


def extract_entry(
    kind: str,
    file_name: str,
    file_date: str | None,
    checksum: str,
    rows_read: int,
    rows_loaded: int,
    rows_set_aside: int,
) -> dict[str, Any]:
    """One extract file behind a report: its kind, delivered name, date (from the name, ISO form or
    None for reference files), sha256 checksum and rows read / loaded / set aside."""
    return {
        "kind": kind,
        "file_name": file_name,
        "file_date": file_date or None,
        "checksum": checksum,
        "rows_read": int(rows_read),
        "rows_loaded": int(rows_loaded),
        "rows_set_aside": int(rows_set_aside),
    }


def report_manifest(
    *, kommunenummer: str, rapport: str, periode: str, extracts: list[dict[str, Any]]
) -> dict[str, Any]:
    """The manifest's common part: which municipality, report and period, built from which extracts."""
    return {
        "schema": MANIFEST_SCHEMA,
        "kommunenummer": kommunenummer,
        "rapport": rapport,
        "periode": periode,
        "extracts": [dict(e) for e in extracts],
    }


def manifest_json(manifest: dict[str, Any]) -> bytes:
    """The manifest as written to disk: UTF-8, indented, keys in schema order, newline at the end."""
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def is_manifest(data: object) -> bool:
    """Whether `data` (parsed JSON) has the shared schema: the common keys and complete extract entries."""
    return (
        isinstance(data, dict)
        and data.get("schema") == MANIFEST_SCHEMA
        and all(k in data for k in ("kommunenummer", "rapport", "periode"))
        and isinstance(data.get("extracts"), list)
        and all(isinstance(e, dict) and set(e) == set(EXTRACT_FIELDS) for e in data["extracts"])
    )
