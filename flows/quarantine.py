"""Quarantine look-ups for data engineers as a flow (hr.core.quarantine_rows), for runs on a server."""

from __future__ import annotations

from prefect import flow

from hr.core import quarantine_rows
from hr.settings import build_settings


@flow(name="karantene")
def quarantine_flow(
    file_name: str | None = None,
    kommunenummer: str | None = None,
    warehouse_url: str | None = None,
    ignored: bool = False,
) -> list[dict]:
    """Without `file_name`: rule counts per delivery. With it: that file's quarantined rows.
    With `ignored`: the files each municipality's last ingest did not read, and why."""
    return quarantine_rows(build_settings(warehouse_url=warehouse_url), file_name, kommunenummer, ignored)
