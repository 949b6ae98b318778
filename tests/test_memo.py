"""tests/memo.py hands a step's earlier result only to a call with the very same input."""

from __future__ import annotations

import pandas as pd
import pytest

from reports import charts
from tests import memo


def _frame(value: str) -> pd.DataFrame:
    return pd.DataFrame({"ansattnr": ["A1", "A2"], "periode": ["2018-01", value]})


def test_a_suite_run_is_keyed_by_every_cell_the_suite_and_the_value_sets():
    key = memo._suite_key("lonn", _frame("2018-02"), _frame("2018-02"), {"arbeidsforhold": {"AF1", "AF2"}})
    assert key == memo._suite_key("lonn", _frame("2018-02"), _frame("2018-02"), {"arbeidsforhold": {"AF2", "AF1"}})
    assert key != memo._suite_key("lonn", _frame("2018-03"), _frame("2018-02"), {"arbeidsforhold": {"AF1", "AF2"}})
    assert key != memo._suite_key("lonn", _frame("2018-02"), _frame("2018-03"), {"arbeidsforhold": {"AF1", "AF2"}})
    assert key != memo._suite_key("lonn", _frame("2018-02"), _frame("2018-02"), {"arbeidsforhold": {"AF1"}})
    assert key != memo._suite_key("lonn", _frame("2018-02"), _frame("2018-02"), {"arbeidsforhold": None})
    assert key != memo._suite_key(
        "hr_fravaer", _frame("2018-02"), _frame("2018-02"), {"arbeidsforhold": {"AF1", "AF2"}}
    )


def test_a_chart_is_keyed_by_its_arguments_and_a_formatter_by_its_code():
    def args(value: float, fmt=charts.axis_tall):
        return (["2018"], [charts.Series("Kvinner", [value])]), {"description": "d", "caption": "c", "axis_fmt": fmt}

    key = memo._chart_key("line_chart", *args(7.5))
    assert key is not None and key == memo._chart_key("line_chart", *args(7.5))
    assert key != memo._chart_key("line_chart", *args(7.6))
    assert key != memo._chart_key("hbar_chart", *args(7.5))
    assert key != memo._chart_key("line_chart", *args(7.5, charts.axis_prosent))
    assert memo._chart_key("line_chart", *args(7.5, lambda v: str(v))) != memo._chart_key(
        "line_chart", *args(7.5, lambda v: str(v + 1))
    )
    digits = 2
    closure = lambda v: f"{v:.{digits}f}"  # noqa: E731 - what it prints depends on a variable: not keyed
    assert memo._chart_key("line_chart", *args(7.5, closure)) is None


def test_the_run_computes_each_input_once_and_a_marked_test_every_time(tmp_path):
    calls = []

    def step(x):
        calls.append(x)
        return {"x": x}

    assert memo._stored(tmp_path, "t-1", lambda: step(1)) == {"x": 1}
    assert memo._stored(tmp_path, "t-1", lambda: step(1)) == {"x": 1}
    assert memo._stored(tmp_path, "t-2", lambda: step(2)) == {"x": 2}
    assert calls == [1, 2]


@pytest.mark.fresh_steps
def test_a_test_marked_fresh_steps_gets_the_functions_themselves():
    import hr.ingest.validate as validate
    import reports.render as render

    assert render.html_to_pdf.__module__ == "reports.render"
    assert validate.run_suite.__module__ == "hr.ingest.validate"
    assert not hasattr(charts.line_chart, "__wrapped__")  # the memo's wrapper (functools.wraps) is not in place
