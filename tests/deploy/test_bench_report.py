"""`make bench`'s report lists every scenario it measures, once, in its place."""

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


def test_the_median_is_of_requests_made_one_at_a_time():
    calls = []
    median = run.median_ms(lambda: calls.append(1), budget=0, least=5, most=9)
    assert len(calls) == 5
    assert median >= 0
