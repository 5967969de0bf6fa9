"""The JSON of a report written by pydantic-core (render/json_out.report_json) is byte for
byte json.dumps(report_dict(r), indent=2, ensure_ascii=False), the contract of the JSON
output, on every report of the fixture set and on the values where the two serialisers
differ, which must take the slow way."""

from __future__ import annotations

from functools import cache

import pytest
from conftest import REPO
from test_render_fixture import gated_results

from gaorpt_audit.audit import audit
from gaorpt_audit.config import load_config
from gaorpt_audit.model import Location
from gaorpt_audit.render.json_out import _dumps, report_dict, report_json


def _slow(r) -> str:
    return _dumps(report_dict(r))


@cache
def _region():
    return list(audit([REPO / "reports"], load_config(discover=False)).results)


def test_every_report_of_the_region_and_the_fixture_set_is_identical():
    results = [*_region(), *gated_results()]
    assert len(results) == 25
    for r in results:
        assert report_json(r) == _slow(r), r.path


@pytest.mark.parametrize(
    "box",
    [
        (1e-05, 0.5, 1.0, 2.0),  # pydantic 0.00001, json 1e-05
        (1e-07, 0.5, 1.0, 2.0),  # pydantic 1e-7, json 1e-07
        (0.0001, 1e16, 1.5e300, 5e-324),  # written alike by both
    ],
)
def test_floats_where_the_serialisers_differ_are_json_dumps(box):
    r = next(r for r in _region() if r.findings)
    f = r.findings[0]
    loc = Location(**{**f.location.model_dump(), "box": box})
    odd = r.model_copy(update={"findings": [f.model_copy(update={"location": loc})]})
    assert report_json(odd) == _slow(odd)
    assert repr(box[0]) in report_json(odd)


def test_a_lone_surrogate_is_passed_on_as_json_dumps_does():
    odd = _region()[0].model_copy(update={"publisher": "镇\udcff"})
    assert report_json(odd) == _slow(odd)
    assert "\udcff" in report_json(odd)
