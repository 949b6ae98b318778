"""The distribution list of each report (referanse/mottakere.yaml): names and addresses, sent as Bcc.

Addresses are personal data of a kind: they go to the SMTP server and nowhere else (no log, no
archive, no warehouse row holds one; those keep the count).
"""

from __future__ import annotations

from email.headerregistry import Address
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from hr.errors import UsageError


class Recipient(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    navn: str
    epost: str

    @field_validator("epost")
    @classmethod
    def _one_address(cls, value: str) -> str:
        value = value.strip()
        local, at, domain = value.partition("@")
        if not (local and at and "." in domain) or any(c.isspace() or c in ",;<>" for c in value):
            raise ValueError("er ikke én e-postadresse")
        return value

    def address(self) -> Address:
        local, _, domain = self.epost.partition("@")
        return Address(display_name=self.navn, username=local, domain=domain)


def load_recipients(path: Path, report: str) -> list[Recipient]:
    """The recipients of `report`; a missing file, list or bad entry is a clear error (exit 2), which
    names the entry's position, never its address."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"mottakerlista finnes ikke: {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise UsageError(f"{path}: ikke gyldig YAML ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get(report), list) or not data[report]:
        raise UsageError(f"{path}: ingen mottakere for {report}")
    out = []
    for i, entry in enumerate(data[report], start=1):
        try:
            out.append(Recipient.model_validate(entry))
        except ValidationError as exc:
            fields = ", ".join(sorted({str(e["loc"][0]) if e["loc"] else "oppføringen" for e in exc.errors()}))
            raise UsageError(f"{path}: {report}, mottaker nr. {i}: ugyldig {fields}") from None
    seen = {r.epost.lower() for r in out}
    if len(seen) != len(out):
        raise UsageError(f"{path}: {report} har samme adresse flere ganger")
    return out
