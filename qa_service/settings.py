"""Service settings: the only place that reads the environment (prefix QA_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from indexer.config import IndexSettings


class Settings(IndexSettings):
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = Field(default_factory=list)  # exact origins; never "*"
    verify_on_load: bool = True  # check snapshot checksums before serving it
    reload_interval_s: float = 1.0  # how often to look for a new CURRENT snapshot; 0 disables
    fusion: Literal["rrf", "convex"] = "rrf"
    rrf_k: int = 60
    convex_alpha: float = 0.5  # weight of the dense score in convex fusion
    candidates: int = 100  # per retriever, before fusion
    query_cache_size: int = 2048
    max_query_chars: int = 1000
    max_k: int = 50
    keys_file: Path | None = Field(default=None, alias="QA_API_KEYS_FILE")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
