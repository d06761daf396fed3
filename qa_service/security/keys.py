"""The API key store: a JSON file holding only salted HMAC-SHA256 hashes of the keys.

A key looks like ``wsq_<id>_<secret>``: the id finds the record without scanning, the
32-byte secret makes the key unguessable. Keys are random, not passwords, so a keyed
hash with a per-store salt is enough (a slow KDF would only slow every request down);
the comparison is constant-time. The file is written atomically with mode 0600 and
re-read by the service when it changes, so ``revoke`` takes effect without a restart.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("qa_service.security")

SCOPES = ("search", "chat", "admin")
PREFIX = "wsq"
FORMAT = "wsis-qa-keys"


class KeyStoreError(Exception):
    """An unreadable key file, an unknown scope or key, a duplicate name."""


@dataclass
class ApiKey:
    id: str
    name: str
    scopes: list[str]
    hash: str
    created: str
    revoked: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked is None

    def public(self) -> dict[str, Any]:
        """Everything but the hash: what ``list`` shows."""
        return {k: v for k, v in asdict(self).items() if k != "hash"}


@dataclass
class _Data:
    salt: str = field(default_factory=lambda: secrets.token_hex(32))
    keys: dict[str, ApiKey] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_scopes(text: str) -> list[str]:
    scopes = sorted({s.strip() for s in text.split(",") if s.strip()})
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown or not scopes:
        raise KeyStoreError(f"scopes must be a comma-separated subset of {', '.join(SCOPES)}; got '{text}'")
    return scopes


class KeyStore:
    """Read by the service (``authenticate``), changed by the CLI (``add``, ``revoke``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = _Data()
        self._signature: tuple[int, int, int] | None = None
        self._missing = False
        self._lock = threading.Lock()
        self._dummy = hashlib.sha256(b"no such key").hexdigest()

    # -- reading -----------------------------------------------------------------
    def _stat(self) -> tuple[int, int, int] | None:
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    def refresh(self) -> None:
        """Re-read the file if it changed since the last read (one stat call otherwise)."""
        signature = self._stat()
        if signature == self._signature and signature is not None:
            return
        with self._lock:
            if signature is None:
                if not self._missing:
                    log.warning("API key file %s does not exist: every key is refused", self.path)
                self._data, self._signature, self._missing = _Data(salt=""), None, True
                return
            self._missing = False
            try:
                self._data = self._read()
            except KeyStoreError as exc:  # a hand-edited, broken file: keep the last good keys
                log.error("%s; keeping the keys read before", exc)
            self._signature = signature

    def _read(self) -> _Data:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                raise KeyStoreError(f"{self.path}: not a {FORMAT} file")
            keys = {k["id"]: ApiKey(**k) for k in raw.get("keys", [])}
            return _Data(salt=str(raw["salt"]), keys=keys)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise KeyStoreError(f"{self.path}: unreadable key file ({type(exc).__name__})") from None

    def authenticate(self, presented: str) -> ApiKey | None:
        """The active key matching ``presented``, or None; never logs or keeps ``presented``."""
        self.refresh()
        data = self._data
        parts = presented.split("_", 2)
        record = data.keys.get(parts[1]) if len(parts) == 3 and parts[0] == PREFIX else None
        expected = record.hash if record is not None and data.salt else self._dummy
        actual = _digest(data.salt, presented)
        # Compare even when there is no record, so that timing does not tell ids apart.
        if not hmac.compare_digest(expected, actual) or record is None or not record.active:
            return None
        return record

    def records(self) -> list[ApiKey]:
        self.refresh()
        return sorted(self._data.keys.values(), key=lambda k: k.created)

    # -- changing (CLI) ----------------------------------------------------------
    @contextmanager
    def _editing(self) -> Iterator[_Data]:
        """Read-modify-write under an exclusive lock, then an atomic replace of the file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._read() if self.path.exists() else _Data()
            yield data
            body = {"format": FORMAT, "version": 1, "salt": data.salt, "keys": [asdict(k) for k in data.keys.values()]}
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(body, handle, indent=1)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        self._signature = None  # re-read on next use

    def add(self, scopes: list[str], name: str | None = None) -> tuple[ApiKey, str]:
        """A new key: its record and, once only, the key itself."""
        for scope in scopes:
            if scope not in SCOPES:
                raise KeyStoreError(f"unknown scope '{scope}'")
        with self._editing() as data:
            key_id = secrets.token_hex(6)
            name = name or f"key-{key_id}"
            if any(k.name == name and k.active for k in data.keys.values()):
                raise KeyStoreError(f"an active key is already named '{name}'")
            secret = f"{PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
            record = ApiKey(key_id, name, sorted(scopes), _digest(data.salt, secret), _now())
            data.keys[key_id] = record
        return record, secret

    def revoke(self, id_or_name: str) -> ApiKey:
        with self._editing() as data:
            matches = [k for k in data.keys.values() if id_or_name in (k.id, k.name) and k.active]
            if not matches:
                raise KeyStoreError(f"no active key with id or name '{id_or_name}'")
            if len(matches) > 1:
                raise KeyStoreError(f"'{id_or_name}' names several keys; revoke by id")
            matches[0].revoked = _now()
            return matches[0]


def _digest(salt: str, key: str) -> str:
    return hmac.new(salt.encode(), key.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
