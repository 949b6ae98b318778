"""Cache keys for the expensive report steps, so a re-run with nothing changed skips them.

compute and metadata: keyed on the warehouse's loads in use (load ids and checksums from
meta_load_log), the municipality, report and period, and a hash of the code that computes figures.
A new or corrected extract changes the load ids, so every period is computed again (cheap); the
render step is keyed on what it renders (the figures, the metadata, the template code), so only the
periods whose content changed are rendered again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prefect.cache_policies import CachePolicy

from hr.code_version import code_version, compute_code_version, render_code_version  # noqa: F401


def _key(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


@dataclass
class WarehouseState(CachePolicy):
    """Key = the task, the loads in use, municipality, report, period and the compute code version."""

    def compute_key(
        self, task_ctx, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        from hr.publish_log import loads_fingerprint
        from hr.warehouse import engine_for

        settings, kommunenummer = inputs["settings"], inputs["kommunenummer"]
        with engine_for(settings.warehouse_url).connect() as conn:
            fingerprint = loads_fingerprint(conn, kommunenummer)
        return _key(
            task_ctx.task.name,
            settings.warehouse_url,
            fingerprint,
            kommunenummer,
            inputs["report"],
            inputs["period"].code,
            compute_code_version(),
        )


@dataclass
class RenderedContent(CachePolicy):
    """Key = what the report shows (figures file text, metadata), where it goes, and the template code."""

    def compute_key(
        self, task_ctx, inputs: dict[str, Any], flow_parameters: dict[str, Any], **kwargs: Any
    ) -> str | None:
        from hr.figures import figures_csv_text

        return _key(
            task_ctx.task.name,
            inputs["report"],
            figures_csv_text(inputs["figures"]),
            repr(inputs["meta"]),
            Path(inputs["out_dir"]).resolve(),
            render_code_version(),
        )


WAREHOUSE_STATE = WarehouseState()
RENDERED_CONTENT = RenderedContent()
