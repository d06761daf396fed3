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

    # -- answering (qa_service/answering) -------------------------------------------------
    answer_passages: int = 4  # retrieved passages whose sentences compete to answer
    answer_max_sentences: int = 3
    # The next four come from `python -m qa_service.answering.calibrate` over eval/calibration/questions.json
    # (45 answerable, 44 unanswerable questions on the seed corpus; figures in the chat branch report):
    # the grid point of best balanced accuracy (0.989, leave-one-out 0.989), then best top-1 sentence (0.956).
    answer_semantic_weight: float = 0.6  # of the sentence score; the rest is IDF-weighted term overlap
    answer_rank_decay: float = 0.05  # sentence score divided by (1 + decay * passage rank)
    answer_relative_cutoff: float = 0.85  # further sentences must score this share of the best
    # Weak-evidence threshold on the best sentence score: midway between the highest unanswerable score
    # (0.369) and the next answerable one above it; answerable scores: min 0.361, p10 0.457, median 0.681;
    # unanswerable: median 0.169, p90 0.299, max 0.369.
    answer_threshold: float = 0.378
    answer_confidence_slope: float = 43.0  # logistic fit of answerable ~ score; confidence = sigmoid(slope*(s-thr))
    multi_documents: int = 5  # documents in a per-document answer
    sentence_cache_size: int = 50_000  # sentence vectors kept (384 floats each)
    warm_sentences_max: int = 20_000  # encode a snapshot's sentences ahead when it has at most this many
    chat_max_messages: int = 50
    chat_max_chars: int = 20_000  # all messages together

    # -- optional LLM generation: an OpenAI-compatible server (vLLM, llama.cpp, Ollama) -------
    llm_base_url: str | None = None  # e.g. http://127.0.0.1:11434/v1; unset: extractive answers only
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0  # the whole generation; then the extractive answer is served (within 30 s)
    llm_connect_timeout_s: float = 3.0
    llm_prompt_tokens: int = 3000  # cl100k budget for the prompt
    llm_max_tokens: int = 400  # for the generated answer
    llm_passages: int = 6


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
