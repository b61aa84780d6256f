"""schemathesis drives every operation of the API's own OpenAPI schema through the Django WSGI
app, in process (no network), on whichever database the suite runs on (SQLite, then
PostgreSQL under CI=true).

Its three phases run: the schema's examples, the coverage phase (boundary values, values just
outside each constraint, missing and repeated parameters, unexpected methods) and fuzzing,
with valid and invalid data. A dictionary of hostile values (numbers beyond a 64-bit id, dates
off the calendar, NUL bytes, direction marks, combining marks, long strings) is mixed into
every string and integer parameter. The seed is fixed and Hypothesis derandomised, so every run
tries the same bounded set of requests: no 5xx (`not_a_server_error`), no answer outside the
schema, and a refusal is always a 4xx.
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from ninja.responses import NinjaJSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance

from toasoan.api import api
from toasoan.wsgi import application

# Values a hostile client sends; schemathesis offers each to a parameter only in the mode it
# fits (schema-valid ones as valid data, the others as invalid data).
NUMBERS = ["0", "-1", "9223372036854775807", "9223372036854775808", "18446744073709551616",
           "9" * 40, "NaN", "inf", "1e308", "١٢٣", "1" * 5000]
DAYS = ["0000-01-01", "0001-01-01", "1899-12-31", "9999-12-31", "10000-01-01", "2024-02-30",
        "20240101", "2024-W01-1", "٢٠٢٤-٠١-٠١"]
TEXT = ["\x00", "a\x00b", "\u202eabc", "\u200f", "\ufeff", "e" + "\u0301" * 40, "ể" * 300,
        "x" * 5000, "%00", "../../etc/passwd", "' OR 1=1--"]
# Cursors, dates and ids are where the database's limits lie: they get their dictionary half
# of the time, every other string or integer parameter the whole list a third of the time.
CONFIG = SchemathesisConfig.from_dict({
    "seed": 14,
    "suppress-health-check": ["all"],
    "dictionaries": {"hostile": {"values": NUMBERS + DAYS + TEXT},
                     "numbers": {"values": NUMBERS}, "days": {"values": DAYS}},
    "parameters": {
        **{f"query.{name}": {"dictionary": "days", "probability": 0.5}
           for name in ("from", "to", "date", "date_from", "date_to")},
        **{f"{where}.{name}": {"dictionary": "numbers", "probability": 0.5}
           for where, name in (("query", "after"), ("query", "limit"), ("query", "page"),
                               ("path", "article_id"), ("path", "announcement_id"),
                               ("path", "document_id"))},
    },
    "generation": {
        "max-examples": 30,
        "deterministic": True,
        "allow-x00": True,
        "dictionaries": {"string": {"dictionary": "hostile", "probability": 0.3},
                         "integer": {"dictionary": "hostile", "probability": 0.3}},
    },
    "phases": {"coverage": {"generate-duplicate-query-parameters": True}},
})


def _published_schema() -> dict:
    """The schema /api/v1/openapi.json serves, built without a request: collection runs before
    any test database exists, and a request passes through middleware that reads it."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder))


schema = schemathesis.openapi.from_dict(_published_schema(), config=CONFIG)
schema.app = application


@pytest.fixture
def keep_test_connection():
    """The WSGI app closes "old" connections around each request; inside the test's transaction
    that would close PostgreSQL's connection mid-test (Django's test client unhooks it too)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(portal, settings, keep_test_connection):
    """Real rows behind the endpoints, and a rate limit the generated traffic cannot hit."""
    from broadcast.models import Channel
    from notices.models import Announcement, OfficialDocument

    settings.SYNDICATION_API_RATE = "1000000/min"
    settings.SEARCH_RATE = "1000000/min"
    Announcement.objects.create(title="Thông báo lịch tiếp công dân", body="<p>Nội dung</p>",
                                live=True)
    OfficialDocument.objects.create(number="1963-CV/TU", issuer="Tỉnh ủy Sóc Trăng",
                                    issued_on="2024-10-31", subject="Về việc tổ chức lễ hội",
                                    live=True)
    Channel.objects.create(code="stv1", name="STV1")
    return portal


def refused_on_purpose(response) -> bool:
    """A 400 the code chose for a value the schema cannot describe: a NUL byte, a cursor that
    is no row id, a section that does not exist, a day Python's calendar lacks (0000-01-01 is
    a `date` to JSON Schema). It names its parameter; when a validator of ours raised it, the
    validator's errors are all `value_error`. Every other schema error (a number out of range,
    a value not in the list) must come from data the schema forbids."""
    if response.status_code != 400:
        return False
    body = response.json()
    errors = body.get("errors")
    return bool(body.get("field")) and (
        errors is None or all(error["type"] == "value_error" for error in errors))


@schema.parametrize()
@settings(derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, api_data):
    response = case.call()
    print("CASE", case.method, case.path, case.path_parameters, case.query, response.status_code)
    excluded = [positive_data_acceptance] if refused_on_purpose(response) else []
    # Every default check runs (not_a_server_error first among them), and named once more so
    # that a change of schemathesis's defaults cannot drop it.
    case.validate_response(response, excluded_checks=excluded,
                           additional_checks=[not_a_server_error])
