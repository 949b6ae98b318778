"""Delivery semantics: the newest HR snapshot is the truth, re-deliveries replace, loading twice = once."""

from __future__ import annotations

import pytest

from tests.landing import Landing, all_tables, ansatt, ansatte_rows, ingest, lonn_rows, rows

OLD, NEW = "hr/ansatte_20190115.csv", "hr/ansatte_20190201.csv"


def _hr_landing(root) -> Landing:
    landing = Landing(root).hr_only()
    # Deleting one employment of three here is a confirmed deletion, not a cut export (the plausibility
    # hold on more than maks_sletting_prosent deleted records is tests/test_ingest_floors.py).
    landing.kommune(maks_sletting_prosent=50)
    return landing


def _corrected_without_af2() -> list[dict]:
    """The next snapshot: AF2 deleted in the source, AF1's current version corrected to 50 %."""
    rs = [r for r in ansatte_rows() if r["arbeidsforhold_id"] != "AF2"]
    rs[1] = {**rs[1], "stillingsprosent": "50"}
    return rs


def _log(engine):
    return rows(engine, "meta_load_log").set_index("file_name")


def test_newer_snapshot_corrections_and_deletions_win_and_the_older_is_superseded(engine, warehouse_url, tmp_path):
    """A record missing from the newest snapshot was deleted in the source; a changed one was corrected."""
    landing = _hr_landing(tmp_path / "landing")
    ingest(landing, tmp_path, warehouse_url)
    landing.ansatte(_corrected_without_af2(), stamp="20190201")
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(NEW).status == "loaded"
    staged = rows(engine, "stg_ansatte", ["arbeidsforhold_id", "gyldig_fra"])
    assert "AF2" not in set(staged["arbeidsforhold_id"])
    assert [float(v) for v in staged["stillingsprosent"]] == [80.0, 50.0, 0.0]
    assert set(rows(engine, "int_arbeidsforhold_omrade")["arbeidsforhold_id"]) == {"AF1", "AF3"}
    log = _log(engine)
    assert log.loc[OLD, "status"] == "superseded" and log.loc[NEW, "status"] == "loaded"
    assert set(staged["load_id"]) == {log.loc[NEW, "load_id"]}


def test_an_older_snapshot_is_recorded_as_superseded_and_never_loaded(engine, warehouse_url, tmp_path):
    """Older snapshots stay in the landing directory; only the newest may count."""
    landing = _hr_landing(tmp_path / "landing")
    landing.ansatte(_corrected_without_af2(), stamp="20190201")
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(OLD).status == "superseded" and summary.by_name(NEW).status == "loaded"
    assert summary.by_name(OLD).rows_loaded == 0
    log = _log(engine)
    assert log.loc[OLD, "status"] == "superseded" and log.loc[OLD, "rows_loaded"] == 0
    assert set(rows(engine, "stg_ansatte")["load_id"]) == {log.loc[NEW, "load_id"]}


def test_an_older_snapshot_delivered_after_a_newer_one_does_not_replace_it(engine, warehouse_url, tmp_path):
    """The date in the name decides, not the order of arrival."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    landing.ansatte(_corrected_without_af2(), stamp="20190201")
    ingest(landing, tmp_path, warehouse_url)
    landing.ansatte()  # the older 20190115 snapshot turns up later
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(OLD).status == "superseded" and summary.by_name(NEW).status == "unchanged"
    assert "AF2" not in set(rows(engine, "stg_ansatte")["arbeidsforhold_id"])


def test_an_unusable_newest_snapshot_leaves_the_previous_one_as_the_truth(engine, warehouse_url, tmp_path):
    """A broken export must not wipe the employees: the newest readable snapshot counts."""
    landing = _hr_landing(tmp_path / "landing")
    landing.bytes(NEW, b"ansattnr;fodselsnummer\n")
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(NEW).status == "rejected" and summary.by_name(OLD).status == "loaded"
    assert len(rows(engine, "stg_ansatte")) == 4


def test_a_snapshot_redelivered_under_the_same_name_replaces_it(engine, warehouse_url, tmp_path):
    """A corrected re-export with the same date must replace, and the first delivery must be marked replaced."""
    landing = _hr_landing(tmp_path / "landing")
    ingest(landing, tmp_path, warehouse_url)
    first_id = _log(engine).loc[OLD, "load_id"]
    landing.ansatte(_corrected_without_af2())
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(OLD).status == "replaced"
    log = rows(engine, "meta_load_log").set_index("load_id")
    assert log.loc[first_id, "status"] == "replaced"
    assert len(rows(engine, "stg_ansatte")) == 3


def test_ingesting_the_same_files_twice_leaves_every_table_as_once(engine, warehouse_url, tmp_path):
    """Re-running after a failure or by habit must never double-count or change anything."""
    landing = Landing(tmp_path / "landing").standard()
    landing.ansatte([*ansatte_rows(), ansatt(arbeidsforhold_id="AF9", kjonn="X")])  # a quarantined row too
    landing.bytes("hr/rekruttering_20190201.csv", b"")  # and a rejected file
    landing.ansatte(stamp="20180101")  # and a superseded one
    first = ingest(landing, tmp_path, warehouse_url)
    once = all_tables(engine)
    second = ingest(landing, tmp_path, warehouse_url)
    twice = all_tables(engine)
    assert once.keys() == twice.keys()
    for table in once:
        assert twice[table].equals(once[table]), table
    assert not once["stg_ansatte"].empty and not once["int_arbeidsforhold_omrade"].empty
    assert {f.status for f in second.files} == {"unchanged", "rejected", "superseded"}
    assert second.rows_loaded == 0 and first.rows_loaded > 0
    assert [f.file_name for f in second.rejected] == ["hr/rekruttering_20190201.csv"]


def test_a_redelivered_payroll_month_replaces_that_month_and_no_other(engine, warehouse_url, tmp_path):
    """Payroll corrections arrive as a new delivery of the month; adding would double the pay."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.lonn("201901")
    landing.lonn("201902")
    ingest(landing, tmp_path, warehouse_url)
    first_id = _log(engine).loc["lonn/lonn_201901.csv", "load_id"]
    landing.lonn("201901", lonn_rows("2019-01")[:1])
    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name("lonn/lonn_201901.csv").status == "replaced"
    assert summary.by_name("lonn/lonn_201902.csv").status == "unchanged"
    staged = rows(engine, "stg_lonn")
    assert staged.groupby("periode").size().to_dict() == {"2019-01": 1, "2019-02": 3}
    log = rows(engine, "meta_load_log").set_index("load_id")
    assert log.loc[first_id, "status"] == "replaced"
    assert (log["file_name"] == "lonn/lonn_201901.csv").sum() == 2


def test_a_redelivered_pension_year_replaces_that_provider_year_only(engine, warehouse_url, tmp_path):
    """A provider's corrected year replaces its own rows, never another provider's."""
    from tests.landing import P1, P2

    landing = Landing(tmp_path / "landing")
    landing.kommune()
    row = dict(fodselsnummer=P1, pensjonstype="AFP", uttaksdato="01.03.2018", uttaksgrad="100")
    landing.pensjon_csv("klp", "2018", [row, {**row, "fodselsnummer": P2}])
    landing.pensjon_csv("bkp", "2018", [dict(row, pensjonstype="afp")])
    ingest(landing, tmp_path, warehouse_url)
    landing.pensjon_csv("klp", "2018", [dict(row, uttaksgrad="40")])
    ingest(landing, tmp_path, warehouse_url)
    staged = rows(engine, "stg_pensjon", ["leverandor", "linje"])
    assert staged[["leverandor", "aar"]].values.tolist() == [["BKP", 2018], ["KLP", 2018]]
    assert float(staged.set_index("leverandor").loc["KLP", "uttaksgrad"]) == 40.0


def test_an_old_rejected_snapshot_stops_failing_runs_once_a_newer_one_supersedes_it(engine, warehouse_url, tmp_path):
    """Old exports stay in the landing directory; a broken old one must not keep every run at exit status 3."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.stillingskoder()
    landing.organisasjon()
    landing.bytes(OLD, b"")
    assert [r.file_name for r in ingest(landing, tmp_path, warehouse_url).rejected] == [OLD]
    landing.ansatte(stamp="20190201")
    for _ in range(2):
        summary = ingest(landing, tmp_path, warehouse_url)
        assert summary.rejected == [] and summary.by_name(OLD).status == "superseded"
    assert len(rows(engine, "stg_ansatte")) == 4


@pytest.mark.parametrize("warehouse_url", ["duckdb"], indirect=True)  # counts Python calls: one backend is enough
def test_the_load_log_is_read_again_once_per_batch_of_files_not_once_per_file(
    engine, warehouse_url, tmp_path, monkeypatch
):
    """Each recorded file changes the load log; the run reads it again where it next decides something (once
    per batch of payroll months, per snapshot), not after every file: a 1 000-file ingest spent a fifth of
    its time re-reading its own growing log. What the run decides is unchanged: every file loads once."""
    import hr.ingest.load as load_step

    landing = Landing(tmp_path / "landing").standard()
    for month in range(2, 13):
        landing.lonn(f"2019{month:02d}")
    files = [p for p in landing.root.rglob("*") if p.is_file()]
    reads = []
    read = load_step.load_log
    monkeypatch.setattr(load_step, "load_log", lambda target: reads.append(1) or read(target))
    summary = ingest(landing, tmp_path, warehouse_url)
    loaded = [r for r in summary.files if r.status == "loaded"]
    assert len(loaded) == len(files) >= 20
    # one read when the run starts and one after each file outside the batch of twelve months; the months
    # are read after once, not twelve times (reading after every file: len(files) + 1 reads)
    months = [p for p in files if p.parent.name == "lonn"]
    assert len(months) == 12 and len(reads) <= len(files) - len(months) + 2, (len(reads), len(files))
    log = _log(engine)
    assert sorted(log.index) == sorted(p.relative_to(landing.root).as_posix() for p in files)
    assert set(log["status"]) == {"loaded"}
