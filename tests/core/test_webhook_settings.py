"""The webhook's settings: each wrong one refused with one sentence naming it, and
WEBHOOK_SECRET never repeated in what is printed."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from core.settings import Settings

TOKEN = "123456:ABC-DEF1234"
URL = "https://bot.example.org/telegram/webhook"


def refusal(**values: object) -> str:
    with pytest.raises(ValidationError) as error:
        Settings(telegram_bot_token=TOKEN, **values)  # type: ignore[arg-type]
    problems = error.value.errors()
    assert len(problems) == 1
    return str(problems[0]["msg"])


def test_a_webhook_needs_its_secret_and_the_path_is_the_urls():
    settings = Settings(telegram_bot_token=TOKEN, webhook_url=URL, webhook_secret="s3cret_-X")
    assert settings.webhook_path == "/telegram/webhook"
    assert (settings.webhook_host, settings.webhook_port) == ("127.0.0.1", 8443)
    assert settings.webhook_max_connections == 40
    assert refusal(webhook_url=URL).startswith("WEBHOOK_URL needs WEBHOOK_SECRET")
    assert refusal(webhook_secret="abc").startswith("WEBHOOK_SECRET is set without WEBHOOK_URL")


@pytest.mark.parametrize("secret", ["", "has space", "é", "x" * 257, "semi;colon"])
def test_a_secret_telegram_would_refuse_is_refused_without_repeating_it(secret: str):
    message = refusal(webhook_url=URL, webhook_secret=secret)
    assert message.startswith("WEBHOOK_SECRET must be 1 to 256 letters, digits, _ or -")
    if secret:
        assert secret not in message


def test_a_secret_of_256_is_fine():
    Settings(telegram_bot_token=TOKEN, webhook_url=URL, webhook_secret="x" * 256)


@pytest.mark.parametrize(
    ("url", "start"),
    [
        ("http://bot.example.org/hook", "WEBHOOK_URL must start with https://"),
        ("https://bot.example.org:9000/hook", "WEBHOOK_URL must use port 443, 80, 88 or 8443"),
        ("bot.example.org/hook", "WEBHOOK_URL must be the https:// address"),
        ("https://user:pw@bot.example.org/hook", "WEBHOOK_URL must be the https:// address"),
        ("https://bot.example.org/hook#here", "WEBHOOK_URL must be the https:// address"),
    ],
)
def test_a_url_telegram_cannot_post_to_is_refused(url: str, start: str):
    assert refusal(webhook_url=url, webhook_secret="s").startswith(start)


def test_http_and_any_port_with_a_bot_api_server_of_ones_own():
    settings = Settings(
        telegram_bot_token=TOKEN,
        telegram_api_url="http://127.0.0.1:8081",
        webhook_url="http://127.0.0.1:9000/hook",
        webhook_secret="s",
    )
    assert settings.webhook_path == "/hook"


def test_no_webhook_for_the_sandbox():
    with pytest.raises(ValidationError, match="WEBHOOK_URL is for running on Telegram"):
        Settings(webhook_url=URL, webhook_secret="s")


@pytest.mark.parametrize(
    ("values", "start"),
    [
        ({"webhook_port": "0"}, "WEBHOOK_PORT must be a whole number from 1 to 65535"),
        ({"webhook_port": "http"}, "WEBHOOK_PORT must be a whole number from 1 to 65535"),
        ({"ops_port": "70000"}, "OPS_PORT must be a whole number from 1 to 65535"),
        ({"webhook_max_connections": "0"}, "WEBHOOK_MAX_CONNECTIONS must be a whole number"),
        ({"webhook_max_connections": "101"}, "WEBHOOK_MAX_CONNECTIONS must be a whole number"),
        ({"webhook_host": "a host"}, "WEBHOOK_HOST must be an address to listen on"),
        ({"webhook_host": "http://x"}, "WEBHOOK_HOST must be an address to listen on"),
    ],
)
def test_ports_connections_and_host_are_checked(values: dict[str, str], start: str):
    assert refusal(**values).startswith(start)


def test_ops_port_is_for_polling():
    assert Settings(telegram_bot_token=TOKEN, ops_port="9100").ops_port == 9100
    assert Settings(telegram_bot_token=TOKEN, webhook_host="::1").webhook_host == "::1"
    message = refusal(webhook_url=URL, webhook_secret="s", ops_port="9100")
    assert message.startswith("OPS_PORT is for polling")
