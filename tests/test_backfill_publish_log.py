"""The publish log (hr.publish_log) on DuckDB and PostgreSQL: re-runs that change published figures are revisions."""

from __future__ import annotations

from datetime import datetime

from hr.figures import HELE_KOMMUNEN, Figure
from hr.publish_log import publications, record_publication

K = "0219"


def _figures(total: float, area: float = 5.0) -> list[Figure]:
    return [
        Figure("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "", total, "prosent", 120),
        Figure("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "K", 7.25, "prosent", 80),
        Figure("sykefravaer_prosent", "2018H1", "Oppvekst", "", area, "prosent", 40),
    ]


def _publish(engine, figures, at: datetime, code="v1"):
    with engine.begin() as conn:
        return record_publication(
            conn,
            kommunenummer=K,
            report="sykefravaer",
            period="2018H1",
            figures=figures,
            code_version=code,
            pdf_path="/out/sykefravaer_2018H1.pdf",
            now=at,
        )


def test_first_publication_is_recorded_without_revision(engine):
    """The first rendering of a period is a publication, not a correction of one."""
    result = _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    assert result.recorded and result.revision is None
    with engine.connect() as conn:
        rows = publications(conn, K, "sykefravaer")
    assert list(rows.periode) == ["2018H1"]


def test_rerun_with_the_same_figures_records_nothing_and_is_no_revision(engine):
    """A backfill re-run with nothing changed must neither flag a revision nor grow the log."""
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    again = _publish(engine, _figures(6.5), datetime(2019, 2, 16, 6))
    assert not again.recorded and again.revision is None
    with engine.connect() as conn:
        assert len(publications(conn, K, "sykefravaer")) == 1


def test_changed_headline_figure_is_a_revision_naming_old_and_new_value(engine):
    """Readers of the February report must learn that its sick-leave figure was corrected, and from what."""
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    result = _publish(engine, _figures(6.75), datetime(2019, 3, 1, 6))
    assert result.recorded
    (change,) = result.revision.changes
    assert (change.metric, change.period, change.gruppe, change.old, change.new) == (
        "sykefravaer_prosent",
        "2018H1",
        "",
        "6.5",
        "6.75",
    )
    # In words as the report shows it (one decimal, decimal comma, rounded half up), not the raw float.
    assert result.revision.describe_nb() == "Sykefravær, totalt 1. halvår 2018: 6,5\u00a0% → 6,8\u00a0%"
    with engine.connect() as conn:
        rows = publications(conn, K, "sykefravaer")
    assert len(rows) == 2 and rows.iloc[0].revision == result.revision.describe_nb()


def test_revision_shows_published_precision_and_counts_changes_below_it(engine):
    """A politician reads 2,5 % in the PDF, not 2.519768268235735; a change the PDF cannot show is counted,
    not listed as "2,5 % → 2,5 %"."""
    _publish(engine, _figures(2.519768268235735), datetime(2019, 2, 15, 6))
    result = _publish(engine, _figures(1.8956106), datetime(2019, 3, 1, 6))
    text = result.revision.describe_nb()
    assert text == "Sykefravær, totalt 1. halvår 2018: 2,5\u00a0% → 1,9\u00a0%"
    assert "2.51" not in text and "1.89" not in text
    again = _publish(engine, _figures(1.8999), datetime(2019, 3, 2, 6))
    assert [c.new for c in again.revision.changes] == ["1.8999"]  # full precision kept for the record
    assert again.revision.describe_nb() == "1 tall for hele kommunen endret bare bak avrundingen (se figures.csv)"


def test_suppressed_figure_in_a_revision_is_shown_as_a_dash(engine):
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    figures = [f.suppressed() if f.gruppe == "" and f.omrade == HELE_KOMMUNEN else f for f in _figures(6.5)]
    result = _publish(engine, figures, datetime(2019, 3, 1, 6))
    assert result.revision.describe_nb() == "Sykefravær, totalt 1. halvår 2018: 6,5\u00a0% → –"


def test_revision_is_measured_against_the_latest_publication_not_the_first(engine):
    """After two corrections, the second is reported from the first correction's value."""
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    _publish(engine, _figures(6.75), datetime(2019, 3, 1, 6))
    third = _publish(engine, _figures(7.0), datetime(2019, 3, 2, 6))
    assert [(c.old, c.new) for c in third.revision.changes] == [("6.75", "7.0")]


def test_change_in_an_area_only_is_a_revision_without_headline_changes(engine):
    """An area's figure changing is still a changed publication, even if the whole municipality's did not."""
    _publish(engine, _figures(6.5, area=5.0), datetime(2019, 2, 15, 6))
    result = _publish(engine, _figures(6.5, area=5.5), datetime(2019, 3, 1, 6))
    assert result.recorded and result.revision is not None and result.revision.changes == []
    assert "områder" in result.revision.describe_nb()


def test_new_code_version_with_identical_figures_is_recorded_but_no_revision(engine):
    """A template change re-publishes the PDF; the figures did not change, so nothing is flagged."""
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    result = _publish(engine, _figures(6.5), datetime(2019, 3, 1, 6), code="v2")
    assert result.recorded and result.revision is None


def test_a_revised_group_figure_is_named_as_the_report_names_it(engine):
    """The women's figure changing reads "… (kvinner)", not the group code "K"."""
    _publish(engine, _figures(6.5), datetime(2019, 2, 15, 6))
    figures = [
        f if f.gruppe != "K" else Figure(f.metric, f.period, f.omrade, "K", 8.25, f.enhet, f.n) for f in _figures(6.5)
    ]
    result = _publish(engine, figures, datetime(2019, 3, 1, 6))
    assert result.revision.describe_nb() == "Sykefravær, totalt 1. halvår 2018 (kvinner): 7,3\u00a0% → 8,3\u00a0%"
