"""Service settings: the only place that reads the environment (prefix QA_)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict

from indexer.config import IndexSettings


class RateLimit(BaseModel):
    """A token bucket: ``rate`` requests per second on average, bursts of up to ``burst``; rate 0 = unlimited."""

    rate: float = Field(ge=0)
    burst: int = Field(ge=1)


DEFAULT_RATE_LIMITS = {
    "search": RateLimit(rate=20, burst=40),
    "chat": RateLimit(rate=5, burst=10),
    "admin": RateLimit(rate=10, burst=50),
}

# A digest encodes up to hundreds of sentences: few at once, so searches keep the CPU.
DEFAULT_INFLIGHT = {"search": 16, "chat": 8, "digest": 2}


class Settings(IndexSettings):
    # populate_by_name: Settings(keys_file=...) must work as well as the QA_API_KEYS_FILE alias.
    model_config = SettingsConfigDict(env_prefix="QA_", extra="ignore", populate_by_name=True)

    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = Field(default_factory=list)  # exact origins; never "*"
    verify_on_load: bool = True  # check snapshot checksums before serving it
    reload_interval_s: float = 1.0  # how often to look for a new CURRENT snapshot; 0 disables
    # Convex fusion with alpha 0.45 was tuned on SciFact train (2-fold CV nDCG@10 0.731 vs 0.718 for RRF)
    # and also lifts every retrieval and answer figure of the eval suite on the shipped corpus.
    fusion: Literal["rrf", "convex"] = "convex"
    rrf_k: int = 60
    convex_alpha: float = 0.45  # weight of the dense score in convex fusion
    candidates: int = 100  # per retriever, before fusion
    # > 0: /v1/search ranks chunks and returns each one's passage of consecutive chunks within this many
    # tokens (qa_service/retrieval/passages.py; PolicyQA top 5 0.465 -> 0.676 at 320, eval/README.md).
    # 0: hits are chunks. The chat always answers from chunks (longer passages lowered citation precision).
    # On by default: every ranking figure rises (seed R@5 0.970 -> 0.977, UNGDC 0.966 -> 0.975); what falls
    # is gold found within 480 tokens of hits (seed 0.942 -> 0.822), since each hit is longer.
    search_passage_tokens: int = 320
    # A scope of a few documents (an entity's statements) ranks each chunk by its closest sentence too
    # (qa_service/retrieval/sentence_leg.py), with the answerer's sentence vectors; at most this many of the
    # scope's sentences are encoded per question when not yet cached (else the chunk ranking stands); -1: off.
    scope_sentences_encode_max: int = 32
    scope_sentence_weight: float = 0.75  # its weight in convex fusion, beside dense (alpha) and keyword (1 - alpha)
    # How questions are encoded (documents and answer sentences are always fp32). "int8" runs the linear
    # layers in int8 (indexer/bert_int8.py): questions 1.6-2.4x faster, SciFact train nDCG@10 within 0.002, but
    # on the seed suite one paraphrase case abstains and MRR falls 0.002, so fp32 stays the default
    # (BENCHMARKS.md, "int8 question encoder").
    query_encoder: Literal["fp32", "int8"] = "fp32"
    query_cache_size: int = 2048
    max_query_chars: int = 1000
    max_k: int = 50
    # -- access (qa_service/security) ------------------------------------------------
    require_api_key: bool = False  # off for local use; QA_REQUIRE_API_KEY=true for the open web
    # The key store (hashes only); kept outside the index so snapshots never carry secrets.
    keys_file: Path = Field(default=Path("var/api-keys.json"), alias="QA_API_KEYS_FILE")
    # Per scope; JSON in the environment: QA_RATE_LIMITS='{"search": {"rate": 50, "burst": 100}}'.
    rate_limits: dict[str, RateLimit] = Field(default_factory=lambda: dict(DEFAULT_RATE_LIMITS))
    rate_limit_clients: int = 100_000  # buckets kept in memory (least recently used dropped first)
    # -- limits (qa_service/middleware) ----------------------------------------------
    max_body_bytes: int = 1 << 20  # JSON requests; 413 above
    max_upload_bytes: int = 20 << 20  # one uploaded submission; 413 above
    search_deadline_s: float = 10.0  # 504 deadline_exceeded after this
    chat_deadline_s: float = 30.0
    digest_deadline_s: float = 30.0  # a whole year of 200 speeches takes a few seconds (BENCHMARKS.md)
    # Requests of a scope being worked on at once; more are shed at once with 503 overloaded.
    # With QA_REDIS_URL the cap is for all replicas together.
    max_inflight: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_INFLIGHT))
    access_log: bool = True  # JSON lines on stderr (logger qa_service.access)
    # -- admin (qa_service/admin) ------------------------------------------------------
    jobs_kept: int = 200  # finished jobs remembered on disk
    parse_timeout_s: float = 120.0  # an upload that takes longer to parse fails its job
    parse_memory_mb: int = 2048  # address-space cap of the parsing subprocess

    def inflight_cap(self, scope: str) -> int:
        """Requests of a scope worked on at once: the configured cap, else the default; 0 = no cap."""
        return self.max_inflight.get(scope, DEFAULT_INFLIGHT.get(scope, 0))

    def passages_read(self, small_scope: bool) -> int:
        """Passages an extractive answer reads: more in a few documents (a paraphrase's is often the sixth)."""
        small = small_scope and self.answer_passages_small_scope > 0
        return self.answer_passages_small_scope if small else self.answer_passages

    def rate_limit(self, scope: str) -> RateLimit | None:
        """The limit of a scope: the configured one, else the default; None when unlimited."""
        limit = self.rate_limits.get(scope) or DEFAULT_RATE_LIMITS.get(scope)
        return limit if limit is not None and limit.rate > 0 else None

    # -- shared state of several replicas (qa_service/shared) --------------------------------
    # redis://host:6379/0: rate limits, in-flight caps, revocations, job records and the build lease
    # are shared by every replica; unset, they live in this process (one replica).
    redis_url: str | None = None
    redis_prefix: str = "wsis-qa"  # key namespace, so that deployments can share a server
    redis_timeout_s: float = 0.5  # per command; a slower Redis counts as down
    replica_id: str | None = None  # names this replica in job records; default host:pid
    build_lease_s: float = 30.0  # the build lease's expiry; renewed every third of it while building
    build_wait_s: float = 900.0  # a job waits this long for another replica's build, then fails

    # -- answering (qa_service/answering) -------------------------------------------------
    answer_passages: int = 4  # retrieved passages whose sentences compete to answer
    # ... when the filters leave a few documents (qa_service/retrieval/sentence_leg.py); 0: answer_passages
    answer_passages_small_scope: int = 6
    answer_max_sentences: int = 3
    # The sentence scorer and its calibration (weights, weak-evidence threshold, confidence slope): a
    # versioned file qa_service/answering/models/<name>.json (or a path to one), checked at start-up.
    # "hand" is the hand-set formula calibrated by `python -m qa_service.answering.calibrate`;
    # "learned" the logistic model of `python -m eval.train_scorer` (eval/README.md has both's figures).
    answer_scorer: str = "learned"
    answer_threshold: float | None = None  # overrides the scorer file's threshold when set
    # Second look at a question under the threshold (answerability.py, models/<name>.json; "answerability" is
    # the trained one, "" turns it off). On by default since the merge of the list, title-block and multi-part
    # answers lifted seed citation precision to 0.94: with it on, seed abstention precision is 0.91 (0.77 off)
    # and citation precision 0.92 (eval/README.md).
    answerability_model: str = "answerability"
    word_cache_size: int = 20_000  # word vectors of that second look (float16: ~15 MiB)
    answer_relative_cutoff: float = 0.85  # further sentences must score this share of the best
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
