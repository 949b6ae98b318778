"""Tiny landing directories in the exact formats of EXTRACTS.md, for the ingest tests.

`Landing(root).standard()` writes a small, consistent municipality (every reference resolves); each
writer takes rows as dicts so a test can break one value, and format options (encoding, BOM, line
ending) so a test can deliver the untidy variants real exports have.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

ORG = ["org_enhet", "navn", "overordnet", "niva", "gyldig_fra", "gyldig_til"]
ANSATTE = [
    "ansattnr",
    "fodselsnummer",
    "kjonn",
    "fodselsdato",
    "arbeidsforhold_id",
    "org_enhet",
    "stillingskode",
    "stillingsprosent",
    "lonnsform",
    "ansettelsesform",
    "gyldig_fra",
    "gyldig_til",
    "sluttarsak",
    "innvandrerbakgrunn",
    "leder",
]
FRAVAER = ["fravaer_id", "arbeidsforhold_id", "fravaerstype", "fra_dato", "til_dato", "grad"]
REKRUTTERING = ["utlysning_id", "org_enhet", "stillingskode", "publisert_dato", "antall_stillinger", "antall_sokere"]
LONN = ["periode", "arbeidsforhold_id", "lonnsart", "lonnsartgruppe", "timer", "belop"]
PENSJON = ["fodselsnummer", "pensjonstype", "uttaksdato", "uttaksgrad"]
STILLINGSKODER = ["stillingskode", "tittel", "kompetansegruppe"]
MAL = ["aar", "org_enhet", "indikator", "verdi"]
INNBYGGERE = ["aar", "innbyggere"]

_K1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
_K2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]


def fnr(born: date, individ: int = 123, d_number: bool = False) -> str:
    """A synthetic fødselsnummer valid under today's mod-11 rule (the next individnummer that works)."""
    for ind in list(range(individ, 1000)) + list(range(0, individ)):
        day = born.day + (40 if d_number else 0)
        base = f"{day:02d}{born.month:02d}{born.year % 100:02d}{ind:03d}"
        k1 = (11 - sum(w * int(c) for w, c in zip(_K1, base)) % 11) % 11
        if k1 == 10:
            continue
        k2 = (11 - sum(w * int(c) for w, c in zip(_K2, base + str(k1))) % 11) % 11
        if k2 == 10:
            continue
        return base + str(k1) + str(k2)
    raise ValueError("no valid individnummer")


# A few persons: synthetic numbers, one D-number.
P1 = fnr(date(1975, 1, 1))
P2 = fnr(date(1990, 8, 15), 456)
P3 = fnr(date(1999, 2, 28), 222, d_number=True)


def org_rows() -> list[dict]:
    return [
        dict(org_enhet="0219", navn="Bærum kommune", overordnet="", niva="1", gyldig_fra="01.01.2000", gyldig_til=""),
        dict(
            org_enhet="PO", navn="Pleie og omsorg", overordnet="0219", niva="2", gyldig_fra="01.01.2000", gyldig_til=""
        ),
        dict(
            org_enhet="OB", navn="Øvrige tjenester", overordnet="0219", niva="2", gyldig_fra="01.01.2000", gyldig_til=""
        ),
        dict(
            org_enhet="PO110",
            navn="Øvrevoll sykehjem",
            overordnet="PO",
            niva="3",
            gyldig_fra="01.01.2000",
            gyldig_til="",
        ),
        dict(
            org_enhet="OB210", navn="Sjåførtjenesten", overordnet="OB", niva="3", gyldig_fra="01.01.2000", gyldig_til=""
        ),
    ]


def ansatt(**kw) -> dict:
    row = dict(
        ansattnr="10001",
        fodselsnummer=P1,
        kjonn="K",
        fodselsdato="01.01.1975",
        arbeidsforhold_id="AF1",
        org_enhet="PO110",
        stillingskode="7174",
        stillingsprosent="100",
        lonnsform="MAANED",
        ansettelsesform="FAST",
        gyldig_fra="01.01.2018",
        gyldig_til="",
        sluttarsak="",
        innvandrerbakgrunn="N",
        leder="N",
    )
    row.update(kw)
    return row


def ansatte_rows() -> list[dict]:
    return [
        ansatt(stillingsprosent="80", gyldig_til="30.06.2018"),
        ansatt(gyldig_fra="01.07.2018"),
        ansatt(
            ansattnr="10002",
            fodselsnummer=P2,
            kjonn="M",
            fodselsdato="15.08.1990",
            arbeidsforhold_id="AF2",
            org_enhet="OB210",
            stillingskode="1234",
            stillingsprosent="62,5",
            ansettelsesform="MIDLERTIDIG",
            gyldig_til="30.06.2018",
            sluttarsak="OPPSIGELSE",
            innvandrerbakgrunn="J",
        ),
        ansatt(
            ansattnr="10003",
            fodselsnummer=P3,
            fodselsdato="28.02.1999",
            arbeidsforhold_id="AF3",
            stillingskode="6456",
            stillingsprosent="0",
            lonnsform="TIME",
            ansettelsesform="MIDLERTIDIG",
        ),
    ]


def fravaer(**kw) -> dict:
    row = dict(
        fravaer_id="F1",
        arbeidsforhold_id="AF1",
        fravaerstype="SYKMELDING",
        fra_dato="07.02.2018",
        til_dato="20.02.2018",
        grad="100",
    )
    row.update(kw)
    return row


def fravaer_rows() -> list[dict]:
    return [
        fravaer(),
        fravaer(
            fravaer_id="F2",
            arbeidsforhold_id="AF2",
            fravaerstype="EGENMELDING",
            fra_dato="05.03.2018",
            til_dato="06.03.2018",
        ),
        fravaer(fravaer_id="F3", fravaerstype="SYKT_BARN", fra_dato="12.03.2018", til_dato="12.03.2018", grad="50"),
    ]


def rekruttering_rows() -> list[dict]:
    return [
        dict(
            utlysning_id="U1",
            org_enhet="PO110",
            stillingskode="7174",
            publisert_dato="14.01.2018",
            antall_stillinger="3",
            antall_sokere="17",
        ),
        dict(
            utlysning_id="U2",
            org_enhet="OB210",
            stillingskode="1234",
            publisert_dato="02.05.2018",
            antall_stillinger="1",
            antall_sokere="0",
        ),
    ]


def lonn_rows(period: str = "2019-01") -> list[dict]:
    return [
        dict(
            periode=period,
            arbeidsforhold_id="AF1",
            lonnsart="1000",
            lonnsartgruppe="FASTLONN",
            timer="",
            belop="48250,00",
        ),
        dict(
            periode=period,
            arbeidsforhold_id="AF1",
            lonnsart="2100",
            lonnsartgruppe="TILLEGG",
            timer="",
            belop="1250,00",
        ),
        dict(
            periode=period,
            arbeidsforhold_id="AF3",
            lonnsart="1100",
            lonnsartgruppe="TIMELONN",
            timer="22,5",
            belop="4848,75",
        ),
    ]


def stillingskode_rows() -> list[dict]:
    return [
        dict(stillingskode="6456", tittel="Assistent", kompetansegruppe="UFAGLAERT"),
        dict(stillingskode="7174", tittel="Sykepleier", kompetansegruppe="HOYSKOLE"),
        dict(stillingskode="1234", tittel="Sjåfør", kompetansegruppe="FAGARBEIDER"),
        dict(stillingskode="9401", tittel="Lærling", kompetansegruppe="LAERLING"),
    ]


def mal_rows() -> list[dict]:
    return [dict(aar="2018", org_enhet="0219", indikator="sykefravaer_prosent", verdi="7,0")]


def innbyggere_rows() -> list[dict]:
    return [dict(aar="2018", innbyggere="126000")]


class Landing:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    # ------------------------------------------------------------------ raw writers
    def csv(
        self,
        rel: str,
        columns: list[str],
        rows: list[dict],
        *,
        encoding: str = "utf-8",
        bom: bool = False,
        newline: str = "\n",
    ) -> Path:
        lines = [";".join(columns)] + [";".join(str(r.get(c, "")) for c in columns) for r in rows]
        return self.text(rel, newline.join(lines) + newline, encoding=encoding, bom=bom)

    def text(self, rel: str, content: str, *, encoding: str = "utf-8", bom: bool = False) -> Path:
        return self.bytes(rel, (b"\xef\xbb\xbf" if bom else b"") + content.encode(encoding))

    def bytes(self, rel: str, data: bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    # ------------------------------------------------------------------ the contract's files
    def kommune(
        self,
        navn: str = "Bærum kommune",
        nummer: str = "0219",
        min_n: int | None = None,
        maks_sletting_prosent: str | int | None = None,
        fravaer_fra: str | None = None,
    ) -> Path:
        extra = f"min_n: {min_n}\n" if min_n is not None else ""
        extra += f"maks_sletting_prosent: {maks_sletting_prosent}\n" if maks_sletting_prosent is not None else ""
        extra += f"fravaer_fra: {fravaer_fra}\n" if fravaer_fra is not None else ""
        return self.text("referanse/kommune.yaml", f'navn: {navn}\nkommunenummer: "{nummer}"\n{extra}')

    def stillingskoder(self, rows: list[dict] | None = None, **fmt) -> Path:
        return self.csv(
            "referanse/stillingskoder.csv", STILLINGSKODER, stillingskode_rows() if rows is None else rows, **fmt
        )

    def mal(self, rows: list[dict] | None = None, **fmt) -> Path:
        return self.csv("referanse/mal.csv", MAL, mal_rows() if rows is None else rows, **fmt)

    def innbyggere(self, rows: list[dict] | None = None, **fmt) -> Path:
        return self.csv("referanse/innbyggere.csv", INNBYGGERE, innbyggere_rows() if rows is None else rows, **fmt)

    def organisasjon(self, rows: list[dict] | None = None, stamp: str = "20190115", **fmt) -> Path:
        return self.csv(
            f"hr/organisasjon_{stamp}.csv", fmt.pop("columns", ORG), org_rows() if rows is None else rows, **fmt
        )

    def ansatte(self, rows: list[dict] | None = None, stamp: str = "20190115", **fmt) -> Path:
        return self.csv(
            f"hr/ansatte_{stamp}.csv", fmt.pop("columns", ANSATTE), ansatte_rows() if rows is None else rows, **fmt
        )

    def fravaer(self, rows: list[dict] | None = None, stamp: str = "20190115", **fmt) -> Path:
        return self.csv(
            f"hr/fravaer_{stamp}.csv", fmt.pop("columns", FRAVAER), fravaer_rows() if rows is None else rows, **fmt
        )

    def rekruttering(self, rows: list[dict] | None = None, stamp: str = "20190115", **fmt) -> Path:
        return self.csv(
            f"hr/rekruttering_{stamp}.csv",
            fmt.pop("columns", REKRUTTERING),
            rekruttering_rows() if rows is None else rows,
            **fmt,
        )

    def lonn(self, month: str = "201901", rows: list[dict] | None = None, **fmt) -> Path:
        period = f"{month[:4]}-{month[4:]}"
        return self.csv(
            f"lonn/lonn_{month}.csv", fmt.pop("columns", LONN), lonn_rows(period) if rows is None else rows, **fmt
        )

    def pensjon_csv(self, provider: str, year: str, rows: list[dict], **fmt) -> Path:
        return self.csv(f"pensjon/{provider}_{year}.csv", PENSJON, rows, **fmt)

    def spk_xlsx(self, year: str, rows: list[tuple]) -> Path:
        """SPK's workbook: first sheet, header in row 1, real date cells (rows are Python values)."""
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Nye pensjoner"
        ws.append(PENSJON)
        for r in rows:
            ws.append(list(r))
        for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
            for cell in row:
                if isinstance(cell.value, (date, datetime)):
                    cell.number_format = "DD.MM.YYYY"
        path = self.root / f"pensjon/spk_{year}.xlsx"
        path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(path)
        return path

    def tekst(
        self,
        report: str = "sykefravaer",
        period: str = "2018H2",
        content: str = "## Tiltak\n\nMer tilrettelegging.\n",
    ) -> Path:
        return self.text(f"referanse/tekster/{report}_{period}.md", content)

    def hr_only(self) -> Landing:
        """The municipality, position codes, organisation and employments: what the other HR extracts refer to."""
        self.kommune()
        self.stillingskoder()
        self.organisasjon()
        self.ansatte()
        return self

    def standard(self) -> Landing:
        """Every file of the contract, small and consistent: every row is good."""
        self.kommune()
        self.stillingskoder()
        self.mal()
        self.innbyggere()
        self.tekst()
        self.organisasjon()
        self.ansatte()
        self.fravaer()
        self.rekruttering()
        self.lonn("201901")
        self.pensjon_csv(
            "klp",
            "2018",
            [dict(fodselsnummer=P1, pensjonstype="UFØR", uttaksdato="01.10.2018", uttaksgrad="50")],
            encoding="cp1252",
        )
        self.pensjon_csv(
            "bkp",
            "2018",
            [dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.01.2018", uttaksgrad="100")],
        )
        self.spk_xlsx("2018", [(P3, "Avtalefestet pensjon", date(2018, 6, 1), 60)])
        return self


# ---------------------------------------------------------------------- running and reading back
# A key as production has one (32 random bytes as 64 hex digits; made once with secrets.token_hex(32)).
TEST_KEY = "5c0d8e1f7a2b94c63e58d1a07f9b2c4e6d13a8f05b7e92c41d6f3a8b0e5c7d29"


def settings_for(tmp_path: Path, warehouse_url: str):
    from hr.settings import build_settings

    return build_settings(workdir=tmp_path / "wd", warehouse_url=warehouse_url, env={"HR_PSEUDONYM_KEY": TEST_KEY})


def ingest(landing: Landing | Path, tmp_path: Path, warehouse_url: str):
    from hr.ingest import ingest_landing

    root = landing.root if isinstance(landing, Landing) else landing
    return ingest_landing(root, settings_for(tmp_path, warehouse_url))


def rows(engine, table: str, order_by: list[str] | None = None):
    """A table's rows as a DataFrame (reflected, no SQL text), sorted for comparison."""
    import pandas as pd
    import sqlalchemy as sa

    with engine.connect() as conn:
        # Reflection of columns does not work on duckdb-engine; select every column of the named table.
        result = conn.execute(sa.select(sa.literal_column("*")).select_from(sa.table(table)))
        frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()))
    keys = order_by or list(frame.columns)
    return frame.sort_values(keys, na_position="first").reset_index(drop=True) if not frame.empty else frame


def all_tables(engine) -> dict:
    import sqlalchemy as sa

    names = sa.inspect(engine).get_table_names()
    return {name: rows(engine, name) for name in names if name != "dim_kalender"}


def quarantine(engine, file_name: str | None = None):
    q = rows(engine, "meta_quarantine", ["file_name", "line", "rule", "column_name"])
    return q[q["file_name"] == file_name].reset_index(drop=True) if file_name else q


def person_id(number: str) -> str:
    from hr.ingest.pseudonym import person_id as pid

    return pid(TEST_KEY.encode(), number)


def rule_message(file_name: str, rule: str, column: str) -> str:
    """The message a suite rule gives a quarantined row: the meta "beskrivelse" in expectations/<suite>.json
    of the expectation with that rule that reports that column (read from the JSON, not through hr code)."""
    import json

    from hr.ingest.files import classify
    from hr.ingest.specs import spec_for
    from hr.paths import EXPECTATIONS_DIR

    suite = spec_for(classify(file_name, Path(file_name)).kind).suite
    found = set()
    for e in json.loads((EXPECTATIONS_DIR / f"{suite}.json").read_text(encoding="utf-8"))["expectations"]:
        kw, meta = e["kwargs"], e["meta"]
        reported = meta.get("kolonne") or kw.get("column") or ", ".join(kw.get("column_list", [])) or kw.get("column_A")
        if meta["rule"] == rule and reported == column:
            found.add(meta["beskrivelse"])
    assert len(found) == 1, f"{suite}: no single message for {rule} on {column}: {found}"
    return found.pop()
