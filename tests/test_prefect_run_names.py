"""What a person types reaches the run, and the run says what it is (issue 14, items 3 and 4):
`year`/`period` accept 2018, "2018" and 2018H1 (the CLI's `--param year=2018` arrives as a number),
flow and task runs carry report and period in their names, the steps have timeouts, and an expected
rejection re-raised by Prefect's engine is logged as one line instead of a traceback.

The real-server side (INFO logs in `prefect flow-run logs`, `--param year=2018`) is in
test_prefect_server_e2e.py.
"""

from __future__ import annotations

import logging

import pytest


@pytest.mark.parametrize(
    "typed, code",
    [(2018, "2018"), ("2018", "2018"), (" 2018h1 ", "2018H1"), ("2018H1", "2018H1"), (None, None), ("", None)],
)
def test_a_period_parameter_accepts_what_a_person_types(typed, code):
    from flows.deployments import period_code

    assert period_code(typed) == code


@pytest.mark.parametrize("flow_name, key", [("scheduled_medarbeidere", "year"), ("scheduled_sykefravaer", "period")])
def test_the_server_accepts_a_number_for_the_period(flow_name, key):
    """The server validates a run's parameters against the flow's schema (enforce_parameter_schema):
    2018 as a number must pass, as must the flow's own validation in the worker."""
    from prefect.utilities.callables import parameter_schema
    from prefect.utilities.schema_tools import validate

    import flows.deployments as d

    fl = getattr(d, flow_name)
    schema = parameter_schema(fl).model_dump_for_openapi()
    validate({key: 2018}, schema, raise_on_error=True)
    validate({key: "2018H1"}, schema, raise_on_error=True)
    assert fl.validate_parameters({key: 2018})[key] in (2018, "2018")


def test_every_task_has_a_norwegian_name_as_the_prefect_ui_shows_it():
    """What an HR data engineer reads in the Prefect UI is Norwegian, like the CLI: no task is called
    `extract` beside `beregn-tall`."""
    from tasks.compute import compute_figures, load_report_meta
    from tasks.extract import extract
    from tasks.load import rebuild
    from tasks.publish import publish
    from tasks.render import render_report
    from tasks.validate import validate, validate_many

    names = {t.name for t in (extract, validate, validate_many, rebuild, compute_figures, load_report_meta)}
    names |= {publish.name, render_report.name}
    assert names == {
        "les-uttrekk",
        "valider",
        "valider-samlet",
        "bygg-mellomlag",
        "beregn-tall",
        "rapport-metadata",
        "publiser",
        "lag-rapport",
    }


def test_runs_and_tasks_are_named_by_report_and_period():
    import flows.deployments as d
    from flows.delivery import deliver_report_flow
    from flows.reports import medarbeidere_report_flow, report_flow, sykefravaer_report_flow
    from tasks.compute import compute_figures, load_report_meta
    from tasks.publish import publish
    from tasks.render import render_report

    assert sykefravaer_report_flow.flow_run_name.format(period="2018H1") == "sykefravaer-2018H1"
    assert medarbeidere_report_flow.flow_run_name.format(year="2018") == "medarbeidere-2018"
    assert report_flow.flow_run_name.format(report="sykefravaer", period="2018H1") == "sykefravaer-2018H1"
    assert deliver_report_flow.flow_run_name.format(report="sykefravaer", period="2018H1") == (
        "levering-sykefravaer-2018H1"
    )
    from hr.periods import Period

    per = Period.parse("2018H1")
    assert compute_figures.task_run_name.format(report="sykefravaer", period=per) == "beregn-tall-sykefravaer-2018H1"
    assert load_report_meta.task_run_name.format(report="sykefravaer", period=per).endswith("-sykefravaer-2018H1")
    assert publish.task_run_name.format(report="sykefravaer", period="2018H1") == "publiser-sykefravaer-2018H1"

    class Meta:
        period = per

    assert render_report.task_run_name.format(report="sykefravaer", meta=Meta) == "lag-rapport-sykefravaer-2018H1"
    # the deployment run's name, from its parameters (a number too); the default period when none is given
    from unittest import mock

    with mock.patch("prefect.runtime.flow_run.parameters", {"year": 2018}, create=True):
        assert d.scheduled_medarbeidere.flow_run_name() == "medarbeidere-2018"
    with mock.patch("prefect.runtime.flow_run.parameters", {"period": None}, create=True):
        assert d.scheduled_sykefravaer.flow_run_name() == f"sykefravaer-{d.previous_period('sykefravaer').code}"


def test_ingest_compute_and_render_have_timeouts_and_the_approval_wait_has_none():
    from flows.delivery import deliver_report_flow
    from flows.deployments import scheduled_sykefravaer
    from flows.ingest import ingest_flow
    from tasks.compute import compute_figures, load_report_meta
    from tasks.render import render_report

    for step in (ingest_flow, compute_figures, load_report_meta, render_report):
        assert step.timeout_seconds and step.timeout_seconds > 0, step.name
    for waits in (deliver_report_flow, scheduled_sykefravaer):
        assert waits.timeout_seconds is None, waits.name


@pytest.mark.filterwarnings("ignore:Logger 'prefect.flow_runs' attempted to send logs")
def test_an_expected_rejection_from_the_engine_is_one_line_not_a_traceback():
    from prefect.exceptions import CancelledRun

    import flows.deployments  # noqa: F401 - installs the filter, as the worker's import of the entrypoint does
    from hr.errors import InputRejected

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("prefect.flow_runs")
    handler = Keep()
    logger.addHandler(handler)
    try:
        try:
            raise InputRejected("avvist inndata, rapporten er ikke laget (ansettelser.csv: mangler kolonne)")
        except InputRejected:
            logger.error("Engine execution exited with unexpected exception", exc_info=True)  # noqa: G201 - as Prefect logs it
        try:  # the result of the Cancelled state a run returns when its approver rejects the draft
            raise CancelledRun("Avvist: Målet for PO er feil")
        except CancelledRun:
            logger.error("Engine execution exited with unexpected exception", exc_info=True)  # noqa: G201 - as Prefect logs it
        try:
            raise KeyError("uventet")
        except KeyError:
            logger.error("Engine execution exited with unexpected exception", exc_info=True)  # noqa: G201 - as Prefect logs it
    finally:
        logger.removeHandler(handler)
    expected, rejected, unexpected = records
    assert expected.exc_info is None and "\n" not in expected.getMessage()
    assert expected.getMessage() == (
        "Kjøringen stoppet: avvist inndata, rapporten er ikke laget (ansettelser.csv: mangler kolonne)"
    )
    assert rejected.exc_info is None and rejected.getMessage() == "Kjøringen stoppet: Avvist: Målet for PO er feil"
    assert unexpected.exc_info is not None  # a real bug keeps its traceback


def test_hr_approve_finds_a_waiting_deployment_run_also_when_the_scheduler_gave_no_period():
    """The deployment run itself waits for approval; a scheduled one has no period parameter (it is
    computed when the run starts), so `hr approve` reads it from the run's name."""
    from hr.delivery.approval import DELIVERY_FLOW, _names_report

    class Run:
        def __init__(self, name, parameters):
            self.name, self.parameters = name, parameters

    assert _names_report("hr-sykefravaer", Run("sykefravaer-2019H2", {"period": None})) == ("sykefravaer", "2019H2")
    assert _names_report("hr-sykefravaer", Run("sykefravaer-2018H1", {"period": "2018h1"})) == ("sykefravaer", "2018H1")
    assert _names_report("hr-medarbeidere", Run("medarbeidere-2018", {"year": 2018})) == ("medarbeidere", "2018")
    assert _names_report(
        DELIVERY_FLOW, Run("levering-sykefravaer-2018H1", {"report": "sykefravaer", "period": "2018H1"})
    ) == ("sykefravaer", "2018H1")
    # a delivery run paused before its parameter `rapport` was renamed `report`
    assert _names_report(
        DELIVERY_FLOW, Run("levering-sykefravaer-2018H1", {"rapport": "sykefravaer", "period": "2018H1"})
    ) == ("sykefravaer", "2018H1")
