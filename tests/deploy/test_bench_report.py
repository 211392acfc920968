"""`make bench`'s report lists every scenario it measures, once, in its place."""

import pytest

from benchmarks import run

# Measured outside `scenarios_for`: Varnish and the two ceilings.
EXTERNAL = {"ours_list_varnish", "ceiling_wsgi", "ceiling_nginx"}


def test_every_measured_scenario_has_one_row():
    groups = run.scenarios_for(run.scenario_urls(1, "/a/"))
    measured = {scenario.key for group in groups.values() for scenario in group}
    assert len(run.REPORT_ORDER) == len(set(run.REPORT_ORDER))
    assert set(run.REPORT_ORDER) == measured | EXTERNAL


def test_every_scenario_served_from_the_table_is_counted_in_process():
    groups = run.scenarios_for(run.scenario_urls(1, "/a/"))
    counted = {f"{key}_table" for key in run.STORED_KEYS}
    assert {scenario.key for scenario in groups["table"]} == counted


def test_the_median_is_of_requests_made_one_at_a_time(monkeypatch):
    # A clock that only the requests move: 1, 2, 9, 3 and 10 ms (mean 5).
    clock = {"now": 0.0}
    durations = iter([0.001, 0.002, 0.009, 0.003, 0.010])
    monkeypatch.setattr(run.time, "perf_counter", lambda: clock["now"])

    def request():
        clock["now"] += next(durations)

    # No time budget: the least number of requests, and the middle one's time.
    assert run.median_ms(request, budget=0, least=5, most=9) == pytest.approx(3.0)
    assert next(durations, None) is None
