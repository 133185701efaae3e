"""Configuration, read once at start-up from the environment and an optional .env file.

Every setting is checked here. A wrong one is refused with one sentence that names it
and says what would work (`onward` prints it and stops), and never repeats a token.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from core.storage.engine import sync_url

SETTING_ERROR = "onward_setting"
"""The error type of a refusal written here: its message is the whole sentence."""
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
TOKEN = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}")
TOKEN_IN_URL = re.compile(r"/bot[0-9]+:")
SQLITE_EXAMPLE = "sqlite+aiosqlite:///onward.db"
POSTGRES_EXAMPLE = "postgresql+asyncpg://user:password@host/onward"
# The Telegram libraries Onward runs on; the first is the default.
RUNTIMES = ("aiogram", "ptb")
# Whose sending limits Onward keeps; the first is the default.
LIMITS = ("telegram", "none")
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
# The ports Telegram's own server delivers webhooks to.
TELEGRAM_WEBHOOK_PORTS = (443, 80, 88, 8443)
WEBHOOK_EXAMPLE = "https://bot.example.org/telegram/webhook"


def refuse(sentence: str) -> PydanticCustomError:
    # Our own error type, so pydantic adds no wording of its own around the sentence.
    return PydanticCustomError(SETTING_ERROR, sentence)


def missing_driver(url: URL, is_async: bool) -> str | None:
    """The Python module a URL's driver needs and cannot import, if any."""
    try:
        url.get_dialect(_is_async=is_async).import_dbapi()
    except ImportError as error:
        return error.name or url.drivername
    return None


def database_problem(url: str) -> str | None:
    """Why Onward could not use this database URL, as a sentence; None if it can."""
    try:
        parsed = make_url(url)
        # The dialect create_async_engine would pick; Alembic uses its synchronous twin.
        dialect = parsed.get_dialect(_is_async=True)
        twin = sync_url(url)
    except (ArgumentError, ValueError):
        return (
            "DATABASE_URL is not a database address Onward can use; "
            f"use one like {SQLITE_EXAMPLE} or {POSTGRES_EXAMPLE}."
        )
    if not dialect.is_async:
        if parsed.get_backend_name() == "sqlite":
            fixed = parsed.set(drivername="sqlite+aiosqlite").render_as_string()
            return f"DATABASE_URL uses SQLite without its asyncio driver; Onward needs {fixed}."
        fixed = parsed.set(drivername="postgresql+asyncpg").render_as_string()
        return f"DATABASE_URL names a driver without asyncio; use one like {fixed}."
    missing = [m for m in (missing_driver(parsed, True), missing_driver(twin, False)) if m]
    if missing:
        names = list(dict.fromkeys(missing))
        what = (
            "package {}, which is not installed; install it"
            if len(names) == 1
            else ("packages {}, which are not installed; install them")
        )
        return (
            f"DATABASE_URL needs the Python {what.format(' and '.join(names))} with "
            f"pip install {' '.join(names)}, or use SQLite: {SQLITE_EXAMPLE}."
        )
    return None


def secret_text(value: Any) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


DEFAULT_CONSOLE_URL = "http://127.0.0.1:8090"


class Settings(BaseSettings):
    # Errors never carry what was typed: a token must not reach a log or a terminal.
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", hide_input_in_errors=True
    )

    database_url: str = Field(
        default=SQLITE_EXAMPLE,
        description="SQLAlchemy URL; SQLite in the working directory unless set.",
    )
    log_level: str = "INFO"
    telegram_bot_token: SecretStr | None = Field(
        default=None, description="From @BotFather. Without it, `onward run` starts the sandbox."
    )
    telegram_api_url: str | None = Field(
        default=None, description="A self-hosted Bot API server, e.g. http://127.0.0.1:8081"
    )
    bot_username: str | None = Field(
        default=None, description="The bot's @username, to print invitation links."
    )
    sandbox_port: int = Field(default=8080, description="Where the sandbox listens, on 127.0.0.1")
    onward_runtime: str = Field(
        default=RUNTIMES[0],
        description="The Telegram library: aiogram, or ptb for python-telegram-bot.",
    )
    telegram_limits: str = Field(
        default=LIMITS[0],
        description="telegram: keep Telegram's sending limits (always, on its own server); "
        "none: send as fast as a Bot API server without limits takes it (a stand-in).",
    )

    webhook_url: str | None = Field(
        default=None,
        description="The https address Telegram posts updates to; set, Onward runs on webhooks.",
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="Telegram sends it with every update; required with WEBHOOK_URL."
    )
    webhook_host: str = Field(
        default="127.0.0.1", description="Where the webhook server listens, behind a proxy."
    )
    webhook_port: int = Field(default=8443, description="The webhook server's port.")
    webhook_max_connections: int = Field(
        default=40, description="How many updates Telegram may post at once, 1 to 100."
    )
    ops_port: int | None = Field(
        default=None,
        description="When polling: serve /healthz, /readyz and /metrics on WEBHOOK_HOST here.",
    )
    console_host: str = Field(
        default="127.0.0.1",
        description="Where `onward console` listens (behind a reverse proxy for others).",
    )
    console_port: int = Field(default=8090, description="The web console's port.")
    console_url: str = Field(
        default=DEFAULT_CONSOLE_URL,
        description="The console's address as case workers open it (the bot's /console "
        "sends a sign-in link under it), like https://console.example.org.",
    )
    console_secret: SecretStr | None = Field(
        default=None,
        description="Signs the console's session cookies. Set it when several processes "
        "serve the console, or sign-ins end when it restarts.",
    )

    @field_validator("database_url", mode="before")
    @classmethod
    def _database_url(cls, value: Any) -> str:
        url = str(value).strip()
        problem = database_problem(url)
        if problem:
            raise refuse(problem)
        return url

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> str:
        level = str(value).strip().upper()
        if level not in LOG_LEVELS:
            raise refuse("LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR or CRITICAL.")
        return level

    @field_validator("telegram_bot_token", mode="before")
    @classmethod
    def _token(cls, value: Any) -> str | None:
        if value is None:
            return None
        token = secret_text(value)
        if not token.strip():
            raise refuse(
                "TELEGRAM_BOT_TOKEN is set but empty; set it to the token from @BotFather "
                "(like 123456:ABC-DEF1234), or remove it to run the sandbox."
            )
        if any(c.isspace() for c in token):
            raise refuse(
                "TELEGRAM_BOT_TOKEN has spaces in it; "
                "copy the token from @BotFather exactly, like 123456:ABC-DEF1234."
            )
        if not TOKEN.fullmatch(token):
            raise refuse(
                "TELEGRAM_BOT_TOKEN does not look like a bot token; a token from @BotFather "
                "is digits, a colon, then letters, digits, - and _, like 123456:ABC-DEF1234."
            )
        return token

    @field_validator("telegram_api_url", mode="before")
    @classmethod
    def _api_url(cls, value: Any) -> str | None:
        url = "" if value is None else str(value).strip()
        if not url:
            return None  # an empty line in .env: Telegram's own server
        try:
            parts = urlsplit(url)
            fine = parts.scheme in ("http", "https") and bool(parts.hostname)
            fine = fine and not parts.query and not parts.fragment and parts.port != 0
        except ValueError:  # a port that is not a number, or out of range
            fine = False
        if not fine:
            raise refuse(
                "TELEGRAM_API_URL must be the http:// or https:// address of a Bot API "
                "server, like http://127.0.0.1:8081, or be left out to use Telegram's own."
            )
        if TOKEN_IN_URL.search(parts.path):
            raise refuse(
                "TELEGRAM_API_URL must not hold the bot token; give only the server's "
                "address, like http://127.0.0.1:8081, and the token in TELEGRAM_BOT_TOKEN."
            )
        return url

    @field_validator("bot_username", mode="before")
    @classmethod
    def _bot_username(cls, value: Any) -> str | None:
        name = "" if value is None else str(value).strip().removeprefix("@")
        if not name:
            return None
        if not USERNAME.fullmatch(name):
            raise refuse(
                "BOT_USERNAME must be the bot's username from @BotFather: 5 to 32 letters, "
                "digits or _, starting with a letter, like onward_help_bot."
            )
        return name

    @field_validator("sandbox_port", mode="before")
    @classmethod
    def _sandbox_port(cls, value: Any) -> int:
        text = str(value).strip()
        # isdigit alone would take digits like '²' that int() then reads differently.
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
            raise refuse("SANDBOX_PORT must be a whole number from 1 to 65535, like 8080.")
        return int(text)

    @field_validator("onward_runtime", mode="before")
    @classmethod
    def _runtime(cls, value: Any) -> str:
        name = str(value).strip().lower()
        if name not in RUNTIMES:
            raise refuse(
                "ONWARD_RUNTIME must be aiogram (the default) or ptb (python-telegram-bot)."
            )
        return name

    @field_validator("telegram_limits", mode="before")
    @classmethod
    def _limits(cls, value: Any) -> str:
        name = str(value).strip().lower()
        if name not in LIMITS:
            raise refuse("TELEGRAM_LIMITS must be telegram (the default) or none.")
        return name

    @field_validator("webhook_url", mode="before")
    @classmethod
    def _webhook_url(cls, value: Any) -> str | None:
        url = "" if value is None else str(value).strip()
        if not url:
            return None
        try:
            parts = urlsplit(url)
            fine = parts.scheme in ("http", "https") and bool(parts.hostname)
            fine = fine and not parts.fragment and parts.port != 0 and "@" not in parts.netloc
        except ValueError:
            fine = False
        if not fine:
            raise refuse(
                "WEBHOOK_URL must be the https:// address Telegram posts updates to, "
                f"like {WEBHOOK_EXAMPLE}, or be left out to poll."
            )
        return url

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: Any) -> str | None:
        if value is None:
            return None
        if not WEBHOOK_SECRET.fullmatch(secret_text(value)):
            raise refuse(
                "WEBHOOK_SECRET must be 1 to 256 letters, digits, _ or -; "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))' makes a good one."
            )
        return secret_text(value)

    @field_validator("console_url", mode="before")
    @classmethod
    def _console_url(cls, value: Any) -> str:
        url = str(value).strip().rstrip("/")
        try:
            parts = urlsplit(url)
            fine = parts.scheme in ("http", "https") and bool(parts.hostname)
            fine = fine and not parts.query and not parts.fragment
        except ValueError:
            fine = False
        if not fine:
            raise refuse(
                "CONSOLE_URL must be the http:// or https:// address case workers open the "
                "console at, like https://console.example.org."
            )
        return url

    @field_validator("console_secret", mode="before")
    @classmethod
    def _console_secret(cls, value: Any) -> str | None:
        if value is None or not secret_text(value).strip():
            return None
        if len(secret_text(value).strip()) < 32:
            raise refuse(
                "CONSOLE_SECRET must be at least 32 characters; "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))' makes a good one."
            )
        return secret_text(value).strip()

    @field_validator("webhook_host", "console_host", mode="before")
    @classmethod
    def _listen_host(cls, value: Any, info: ValidationInfo) -> str:
        host = str(value).strip().removeprefix("[").removesuffix("]")
        if not host or any(c.isspace() or c in "/@?#[]" for c in host):
            name = (info.field_name or "host").upper()
            raise refuse(
                f"{name} must be an address to listen on, like 127.0.0.1 (the default, "
                "behind a reverse proxy on this machine) or 0.0.0.0."
            )
        return host

    @field_validator("webhook_port", "ops_port", "console_port", mode="before")
    @classmethod
    def _port(cls, value: Any, info: ValidationInfo) -> int | None:
        text = "" if value is None else str(value).strip()
        if not text and info.field_name == "ops_port":
            return None
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 65535):
            name = (info.field_name or "port").upper()
            raise refuse(f"{name} must be a whole number from 1 to 65535, like 8081.")
        return int(text)

    @field_validator("webhook_max_connections", mode="before")
    @classmethod
    def _max_connections(cls, value: Any) -> int:
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 100):
            raise refuse(
                "WEBHOOK_MAX_CONNECTIONS must be a whole number from 1 to 100 (Telegram's "
                "range), like 40, the default."
            )
        return int(text)

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.webhook_url is None:
            if self.webhook_secret is not None:
                raise refuse("WEBHOOK_SECRET is set without WEBHOOK_URL; set both, or neither.")
            return self
        if self.telegram_bot_token is None:
            raise refuse(
                "WEBHOOK_URL is for running on Telegram, with TELEGRAM_BOT_TOKEN; "
                "leave it out to try Onward in the sandbox."
            )
        if self.webhook_secret is None:
            raise refuse(
                "WEBHOOK_URL needs WEBHOOK_SECRET, so that only Telegram can post updates: "
                "1 to 256 letters, digits, _ or -."
            )
        if self.ops_port is not None:
            raise refuse(
                "OPS_PORT is for polling; with WEBHOOK_URL, /healthz, /readyz and /metrics "
                "are on the webhook server (WEBHOOK_PORT): leave OPS_PORT out."
            )
        parts = urlsplit(self.webhook_url)
        if self.telegram_api_url is None and parts.scheme != "https":
            raise refuse(
                "WEBHOOK_URL must start with https:// for Telegram's own server (http is "
                f"only for a Bot API server of your own), like {WEBHOOK_EXAMPLE}."
            )
        if self.telegram_api_url is None and (parts.port or 443) not in TELEGRAM_WEBHOOK_PORTS:
            raise refuse(
                "WEBHOOK_URL must use port 443, 80, 88 or 8443: Telegram delivers to no other."
            )
        return self

    @property
    def webhook_path(self) -> str:
        """Where updates are posted on the webhook server: WEBHOOK_URL's path."""
        return urlsplit(self.webhook_url or "").path or "/"

    @model_validator(mode="after")
    def _limits_only_off_elsewhere(self) -> Settings:
        # Telegram's own server answers a bot over its limits with 429s and, in the end,
        # a ban: only a server of one's own may be sent to without them.
        on_telegram = self.telegram_bot_token is not None and self.telegram_api_url is None
        if self.telegram_limits == "none" and on_telegram:
            raise refuse(
                "TELEGRAM_LIMITS=none is only for a Bot API server of your own "
                "(TELEGRAM_API_URL); Telegram's own server needs its limits kept."
            )
        return self

    @property
    def keeps_telegram_limits(self) -> bool:
        return self.telegram_limits == "telegram"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
