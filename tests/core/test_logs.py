"""Log lines carry ids and figures: never what a person wrote, nor a secret."""

from __future__ import annotations

import logging
import sys

import pytest

from core.logs import JsonFormatter, keep_secret


def record_of(error_raiser) -> str:
    try:
        error_raiser()
    except Exception:
        record = logging.makeLogRecord({"msg": "turn failed", "exc_info": sys.exc_info()})
        return JsonFormatter().format(record)
    raise AssertionError("nothing was raised")


TYPED = "my address is 12 Hope Street"  # the frames show code lines, not this one


@pytest.mark.parametrize(
    "raiser",
    [int, lambda typed: {}[typed], lambda typed: typed + 1],
    ids=["ValueError", "KeyError", "TypeError"],
)
def test_an_exception_that_quotes_what_someone_typed_is_logged_without_it(raiser):
    def wrapped():
        try:
            raiser(TYPED)
        except Exception as error:
            raise RuntimeError("the turn failed") from error

    line = record_of(wrapped)
    assert "Hope Street" not in line
    assert "RuntimeError: the turn failed" in line  # our own words stay, with the frames
    assert "test_logs.py" in line


def test_a_secret_never_reaches_a_log_line():
    keep_secret("424242:never-in-a-log")

    def leak():
        raise ConnectionError("cannot reach http://x/bot424242:never-in-a-log/getMe")

    line = record_of(leak)
    assert "never-in-a-log" not in line
    assert "ConnectionError" in line
