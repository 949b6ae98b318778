"""SPK's workbook (issue 16, item 4): a cell that holds no value the pipeline can trust is set aside with
its reason, never dropped or rescaled. A row made only of formulas without a saved value vanished
(read 1 of 2 rows, no trace); a cell formatted as percent (100 % stored as 1) loaded as a 1 % pension."""

from __future__ import annotations

from datetime import date

import openpyxl

from hr.warehouse import create_engine
from tests.landing import P1, P2, PENSJON, Landing, ingest, rows


def _workbook(landing: Landing, fill) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(PENSJON)
    fill(ws)
    path = landing.root / "pensjon/spk_2018.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)  # openpyxl never calculates: its formula cells have no saved value


def _ingest(tmp_path, warehouse_url, fill):
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    _workbook(landing, fill)
    summary = ingest(landing, tmp_path, warehouse_url)
    engine = create_engine(warehouse_url)
    try:
        return summary.by_name("pensjon/spk_2018.xlsx"), rows(engine, "stg_pensjon"), rows(engine, "meta_quarantine")
    finally:
        engine.dispose()


def test_a_row_of_formulas_without_saved_values_is_set_aside_not_dropped(tmp_path, warehouse_url):
    def fill(ws):
        ws.append([P1, "Alderspensjon", date(2018, 3, 1), 100])
        ws.append(["=A2", '="Uføre"&"pensjon"', "=C2+31", "=D2/2"])

    f, staged, q = _ingest(tmp_path, warehouse_url, fill)
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 2, 1, 1)
    assert f.quarantine_by_rule == {"formel_uten_verdi": 1}
    assert len(staged) == 1
    assert q[["line", "column_name", "rule"]].values.tolist() == [[3, "fodselsnummer", "formel_uten_verdi"]]
    assert "formel uten lagret verdi" in q["message"].iloc[0]


def test_a_percent_formatted_cell_is_set_aside_not_read_as_one_percent(tmp_path, warehouse_url):
    def fill(ws):
        ws.append([P1, "Alderspensjon", date(2018, 3, 1), 100])
        ws.append([P2, "Uførepensjon", date(2018, 5, 1), 1])
        ws["D3"].number_format = "0%"  # shows «100 %», stores 1

    f, staged, q = _ingest(tmp_path, warehouse_url, fill)
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 2, 1, 1)
    assert staged["uttaksgrad"].astype(float).tolist() == [100.0]
    assert q[["line", "column_name", "verdi", "rule"]].values.tolist() == [[3, "uttaksgrad", "1", "prosentformat"]]
    assert "prosent" in q["message"].iloc[0]
