"""Configuration, read once at start-up from the environment and an optional .env file."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite+aiosqlite:///onward.db",
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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
