"""The landing directory: which files are extracts (by name, EXTRACTS.md), their checksum, and the archive.

Landing files are only ever read. Every file read is copied, content-addressed, to
`<archive_dir>/<sha[:2]>/<sha>` so nothing delivered is lost even when a later delivery replaces it.
Names or symbolic links that lead outside the landing directory are refused: the landing directory is
the whole of what we accept, and a link to elsewhere could pull in any file on the machine.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from hr.ingest.pseudonym import mask_every
from hr.ingest.specs import SPECS, Spec

# The recognised names: each kind's pattern (hr/ingest/specs.py), matched against the whole relative name.
# re.ASCII: a date in a file name is ASCII digits (full-width ２０１９ would match \d and then mislead every check)
_PATTERNS: list[tuple[re.Pattern[str], Spec]] = [(re.compile(spec.pattern, re.ASCII), spec) for spec in SPECS.values()]


@dataclass(frozen=True)
class LandingFile:
    """One recognised extract. `name` is the path relative to the landing directory (posix)."""

    path: Path
    name: str
    kind: str  # as meta_load_log.kind
    file_date: str | None  # 2019-01-15 | 2019-01 | 2018 | None (reference data)
    provider: str | None = None  # KLP | SPK | BKP for pension files
    report: str | None = None  # tekst files: report name and period
    period: str | None = None


def visible(name: str) -> str:
    """A name with its control characters written out (a line break as \\x0a): a name is printed one per line,
    so «x\\nAvvist: …» in a file name must not print a line of its own."""
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", name)


@dataclass(frozen=True)
class IgnoredFile:
    """A file (or directory) of the landing directory that was not read, and why.

    rule: ukjent_filnavn | feil_filnavn (close to a contract name: `expected` says which) | ugyldig_dato_i_navn |
    lenke_ut (a link out of the landing directory) | lenke_til_mappe | ikke_vanlig_fil | uleselig_fil | skjult_fil.
    A *refused* one (`refused`) may hold data the contract expects: the run exits 3 so it is not lost silently.
    """

    file_name: str
    reason: str
    rule: str = "ukjent_filnavn"
    expected: str | None = None

    def __post_init__(self) -> None:
        # A name outside the contract is chosen by a person or a system (a per-person export,
        # «sykemelding_01017516430.csv»): the name is printed, logged and recorded in the load log, so a
        # fødselsnummer in it is masked from the start. The file itself stays in the landing directory.
        # Every 11-digit number, valid or not (a number with a wrong check digit is still someone's), as
        # quarantine shows a rejected value: the name is only shown, nothing is joined on it.
        object.__setattr__(self, "file_name", visible(mask_every(self.file_name)))

    @property
    def refused(self) -> bool:
        return self.rule in REFUSED_RULES

    @property
    def status(self) -> str:
        """As meta_ignored_file.status: refused (the run exits 3) or skipped."""
        return "refused" if self.refused else "skipped"


# Ignored files that may hold a delivery: the ingest exits 3 (data set aside) so they are seen.
REFUSED_RULES = frozenset({"feil_filnavn", "ugyldig_dato_i_navn", "lenke_ut", "uleselig_fil", "ikke_vanlig_fil"})


@dataclass(frozen=True)
class Discovery:
    files: list[LandingFile]
    ignored: list[IgnoredFile]

    def of_kind(self, kind: str) -> list[LandingFile]:
        return [f for f in self.files if f.kind == kind]


def discover(landing: Path) -> Discovery:
    """Every recognised extract in the landing directory; everything else is listed as ignored with why."""
    root = landing.resolve()
    files: list[LandingFile] = []
    ignored: list[IgnoredFile] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        for d in sorted(dirnames):
            if (here / d).is_symlink():
                ignored.append(
                    IgnoredFile(_rel(here / d, root), "Symbolsk lenke til en mappe følges ikke.", "lenke_til_mappe")
                )
            elif d.startswith("."):
                ignored.append(
                    IgnoredFile(
                        _rel(here / d, root), "Skjult mappe (navnet begynner med punktum); ikke lest.", "skjult_fil"
                    )
                )
            elif classify(_rel(here / d, root), here / d) is not None:
                # a folder under a delivery's name (lonn/lonn_201902.csv/): may be a botched delivery, refused
                ignored.append(
                    IgnoredFile(
                        _rel(here / d, root),
                        "En mappe med navnet til en leveranse; en leveranse er en fil. Ikke lest.",
                        "ikke_vanlig_fil",
                    )
                )
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink())
        for fn in sorted(filenames):
            path = here / fn
            name = _rel(path, root)
            if fn.startswith("."):
                # editor and OS droppings (.DS_Store, .~lock) are not deliveries, but are listed
                ignored.append(
                    IgnoredFile(name, "Skjult fil (navnet begynner med punktum); ikke en leveranse.", "skjult_fil")
                )
                continue
            if path.is_symlink() and not _inside(path.resolve(), root):
                ignored.append(IgnoredFile(name, "Symbolsk lenke som peker ut av mottaksmappen: avvist.", "lenke_ut"))
                continue
            if not path.resolve().is_file():
                ignored.append(
                    IgnoredFile(
                        name, "Ikke en vanlig fil (mappe, kø, enhet eller brutt lenke); ikke lest.", "ikke_vanlig_fil"
                    )
                )
                continue
            found = classify(name, path)
            if isinstance(found, LandingFile) and not os.access(path, os.R_OK):
                ignored.append(
                    IgnoredFile(
                        name,
                        "Filen kan ikke leses (mangler lesetilgang); gi tjenesten lesetilgang og kjør på nytt.",
                        "uleselig_fil",
                    )
                )
            elif isinstance(found, LandingFile):
                files.append(found)
            elif isinstance(found, str):
                ignored.append(IgnoredFile(name, found, "ugyldig_dato_i_navn"))
            else:
                ignored.append(_unknown_name(name, path))
    return Discovery(files=files, ignored=ignored)


def _unknown_name(name: str, path: Path) -> IgnoredFile:
    """A name outside the contract; when it is one of the contract's names but for case, blanks, separators,
    æ/ø/å, a copy suffix, full-width characters, its extension or its folder (lonn/Lonn_2020-10.CSV,
    pensjon/klp_2018 - Kopi.csv, pensjon/spk_2018.csv), the entry says which name was expected."""
    expected = expected_name(name, path)
    if expected:
        given_ext = _extension(_normalise(unicodedata.normalize("NFKC", name).rsplit("/", 1)[-1]))
        agreed_ext = _extension(expected)
        if given_ext != agreed_ext:
            # another format than agreed (SPK as .csv, KLP as .xlsx): a new name alone does not make it one
            why = (
                f"filtypen skal være .{agreed_ext}). Filen er ikke lest; lagre den (eller be om den) som "
                f".{agreed_ext} med det forventede navnet og kjør på nytt."
            )
        else:
            why = (
                "store og små bokstaver, mellomrom og skilletegn må være nøyaktig slik, uten æ/ø/å og uten "
                "kopitillegg som «(1)» eller «- Kopi»). Filen er ikke lest; gi den riktig navn og kjør på nytt."
            )
        return IgnoredFile(
            name, f"Filnavnet følger ikke avtalen: forventet «{expected}» ({why}", "feil_filnavn", expected
        )
    return IgnoredFile(name, "Filnavnet følger ikke avtalen i docs/uttrekk.md; filen er ikke lest.")


# The folders of the contract (hr, lonn, pensjon, referanse, referanse/tekster) and its file extensions
# (csv, md, xlsx, yaml), from the patterns.
_FOLDERS = tuple(sorted({spec.pattern.rsplit("/", 1)[0] for spec in SPECS.values()}))
_EXTENSIONS = tuple(sorted({spec.pattern.rsplit(r"\.", 1)[-1] for spec in SPECS.values()}))
assert all(re.fullmatch(r"[a-z]+(?:/[a-z]+)*", f) for f in _FOLDERS), _FOLDERS
assert all(re.fullmatch(r"[a-z]+", e) for e in _EXTENSIONS), _EXTENSIONS

# What a copy of a file is called: «lonn_201901 (1)» (a browser), «klp_2018 - Kopi», «klp_2018 - Copy (2)»
# (Windows, Norwegian and English), «klp_2018 kopi 2» (macOS); «Kopi av klp_2018», «Copy of klp_2018».
# A counter has at most three digits: «(01017516430)» is no copy counter.
_COPY_SUFFIX = re.compile(r"(?:[\s_-]*\(\d{1,3}\)|[\s_-]+(?:kopi|copy)(?:[\s_-]*\(?\d{1,3}\)?)?)+$")
_COPY_PREFIX = re.compile(r"^(?:kopi av|copy of)[\s_-]+")
# The Norwegian letters as the contract's names write them (fravær -> fravaer, lønn -> lonn, mål -> mal).
_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def expected_name(name: str, path: Path, _delivered: str | None = None) -> str | None:
    """The contract name `name` differs from only by case, blanks, separators, æ/ø/å, a copy suffix,
    full-width characters (NFKC), its extension, a second extension (.gz, .bak, .part: a delivery inside
    it) or its folder; else None. The contract's patterns stay ASCII: only the candidate made here is
    normalised, never what `classify` accepts."""
    delivered = _delivered or name
    parts = [_normalise(p) for p in unicodedata.normalize("NFKC", name).split("/")]
    last = parts[-1]
    stem = last.rsplit(".", 1)[0] if "." in last else last
    names = [last] + [f"{stem}.{ext}" for ext in _EXTENSIONS]  # the extension as given first, then the agreed
    folders = (["/".join(parts[:-1])] if len(parts) > 1 else []) + list(_FOLDERS)
    for folder in folders:
        for file_name in names:
            candidate = f"{folder}/{file_name}"
            if candidate != delivered and isinstance(classify(candidate, path), LandingFile):
                return candidate
    head, dot, _ = name.rpartition(".")
    if dot and "." in head.rsplit("/", 1)[-1]:  # lonn_201901.csv.gz: the name inside the second extension
        return expected_name(head, path, delivered)
    return None


def _normalise(part: str) -> str:
    """lower case, no surrounding blanks or copy suffix, æ/ø/å as ae/o/a, digit groups joined (2020-10 ->
    202010), other separators `_`, a half-year as the contract writes it (2018h2 -> 2018H2)."""
    part = part.strip().lower().translate(_NORWEGIAN)
    stem, dot, ext = part.rpartition(".")
    if not dot:
        stem, ext = part, ""
    stem = _COPY_PREFIX.sub("", _COPY_SUFFIX.sub("", stem.strip()))
    stem = re.sub(r"(?<=\d)[\s._-]+(?=\d)", "", stem.strip())
    stem = re.sub(r"[\s.-]+", "_", stem)
    stem = re.sub(r"(?<=[a-z])_*(?=\d)", "_", stem)
    stem = re.sub(r"(?<=\d{4})_*h_*([12])$", r"H\1", stem)
    return f"{stem}.{ext.strip()}" if dot else stem


def _extension(name: str) -> str:
    last = name.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[1] if "." in last else ""


def classify(name: str, path: Path) -> LandingFile | str | None:
    """The LandingFile for a relative name, a reason string when the name is close but wrong, or None."""
    for pattern, spec in _PATTERNS:
        m = pattern.fullmatch(name)
        if not m:
            continue
        parts = m.groupdict()
        if "dato" in parts:
            stamp = parts["dato"]
            d = _date_or_none(stamp[:4], stamp[4:6], stamp[6:])
            if d is None:
                return f"Ugyldig dato i filnavnet ({stamp})."
            return LandingFile(path, name, spec.kind, d.isoformat())
        if "maaned" in parts:
            stamp = parts["maaned"]
            if _date_or_none(stamp[:4], stamp[4:], "01") is None:
                return f"Ugyldig måned i filnavnet ({stamp})."
            return LandingFile(path, name, spec.kind, f"{stamp[:4]}-{stamp[4:]}")
        if "aar" in parts:
            return LandingFile(path, name, spec.kind, parts["aar"], provider=spec.provider)
        if "rapport" in parts:
            return LandingFile(path, name, spec.kind, None, report=parts["rapport"], period=parts["periode"])
        return LandingFile(path, name, spec.kind, None)
    return None


def read_bytes(file: LandingFile) -> bytes:
    return file.path.read_bytes()


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive(data: bytes, sha: str, archive_dir: Path) -> Path:
    """Copy the delivered bytes to the content-addressed archive (once; the same content is stored once)."""
    from hr.paths import private_dir, write_private

    target = archive_dir / sha[:2] / sha
    if not target.exists():
        private_dir(archive_dir)  # 0700 directories, 0600 files: the raw files hold fødselsnummer
        private_dir(target.parent)
        # A temporary name of this writer's own: two workers archiving the same content at once (the same
        # file delivered to two municipalities run in parallel) must not share one.
        tmp = target.with_name(f".{sha}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            write_private(tmp, data)
            os.replace(tmp, target)  # atomic: a crash never leaves a half-written file under the final name;
            # a writer that comes second replaces identical bytes
        finally:
            tmp.unlink(missing_ok=True)
    return target


def _rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _date_or_none(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None
