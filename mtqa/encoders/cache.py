"""An on-disk embedding cache keyed by encoder name and sentence text (SQLite, one file per encoder).

Re-running a check on an edited document only encodes the sentences that changed.

The cache is an optimisation, so it never changes a result and never stops a run:

* every vector read is checked (a blob of whole float32 values, the encoder's width, finite) and
  one that fails is recomputed and written again;
* a file that is no SQLite database, is damaged, or has another schema is moved aside to
  ``<name>.sqlite.broken`` with a one-line warning and a new cache is started;
* a cache another process keeps locked is waited for ``LOCK_WAIT_S`` seconds, then bypassed
  for the rest of the run (with a warning); any other SQLite error bypasses it silently.

Warnings go to the ``mtqa.cache`` logger as complete ``mtqa: warning: ...`` lines (printed on
stderr where nothing else handles them; ``--quiet`` silences them).
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

from mtqa.encoders.base import Encoder
from mtqa.safetext import printable

LOCK_WAIT_S = 2.0
SCHEMA = [("key", "BLOB", 1), ("data", "BLOB", 0)]  # (name, type, part of the primary key)
_LOG = logging.getLogger("mtqa.cache")


class CacheDamaged(Exception):
    """The cache file cannot be used as a cache: not SQLite, damaged, or another schema."""


def _key(text: str) -> bytes:
    # surrogatepass: a lone surrogate (readers replace them, API callers may not) still has a key
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _is_lock(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))


def _is_damage(error: sqlite3.Error) -> bool:
    # sqlite3 raises plain DatabaseError for "file is not a database" and "disk image is malformed";
    # its subclasses (OperationalError: locked, read-only, I/O) are about access, not content.
    return type(error) is sqlite3.DatabaseError


def _warn(message: str) -> None:
    _LOG.warning(printable(f"mtqa: warning: {message}"))


def valid_vector(vector: np.ndarray) -> bool:
    """The default check of a cached row: every value finite."""
    return bool(np.isfinite(vector).all())


class CachedEncoder:
    """Wraps an encoder; vectors it has seen come from ``<cache_dir>/<encoder name>.sqlite``.

    The inner encoder may define ``valid_cached(vector) -> bool`` to replace ``valid_vector``
    (e.g. where NaN is padding).
    """

    def __init__(self, encoder: Encoder, cache_dir: str | Path, lock_wait_s: float = LOCK_WAIT_S) -> None:
        self.inner = encoder
        self._dir = Path(cache_dir)
        self._db: sqlite3.Connection | None = None
        self._bypass = False
        self._lock_wait_s = lock_wait_s
        self._width: int | None = None

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def path(self) -> Path:
        return self._dir / (re.sub(r"[^A-Za-z0-9_.-]", "_", self.name) + ".sqlite")

    # --- the file -------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._bypass:
            try:
                self._db = self._open()
            except CacheDamaged as damage:
                self._move_aside(str(damage))
                self._db = self._try_open()
            except sqlite3.Error as error:
                self._give_up(error)
            except OSError:
                self._bypass = True  # an unusable place only costs speed
        return self._db

    def _try_open(self) -> sqlite3.Connection | None:
        try:
            return self._open()
        except (CacheDamaged, sqlite3.Error, OSError):
            self._bypass = True
            return None

    def _open(self) -> sqlite3.Connection:
        self._dir.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=self._lock_wait_s)
        try:
            db.execute("CREATE TABLE IF NOT EXISTS vec (key BLOB PRIMARY KEY, data BLOB)")
            columns = [(name, kind.upper(), pk) for _, name, kind, _, _, pk in db.execute("PRAGMA table_info(vec)")]
        except sqlite3.Error as error:
            db.close()
            if _is_damage(error):
                raise CacheDamaged(" ".join(str(error).split())) from None
            raise
        if columns != SCHEMA:
            db.close()
            raise CacheDamaged("another schema")
        return db

    def _move_aside(self, reason: str) -> None:
        broken = self.path.with_name(self.path.name + ".broken")
        try:
            os.replace(self.path, broken)
            for suffix in ("-journal", "-wal", "-shm"):  # a leftover journal must not touch the new file
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError:
            self._bypass = True
            _warn(f"{self.path}: embedding cache unreadable ({reason}); running without it")
            return
        _warn(f"{self.path}: embedding cache unreadable ({reason}); moved aside to {broken.name}, rebuilding it")

    def _give_up(self, error: sqlite3.Error) -> None:
        """Run without the cache from now on; a lock held too long is worth a warning."""
        self._close()
        self._bypass = True
        if _is_lock(error):
            _warn(f"{self.path}: embedding cache locked by another process for {self._lock_wait_s:g} s; "
                  "running without it")

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _on_error(self, error: sqlite3.Error) -> None:
        """A failure while reading or writing: a damaged file is moved aside and rebuilt, else bypass."""
        if _is_damage(error):
            self._close()
            self._move_aside(" ".join(str(error).split()))
        else:
            self._give_up(error)

    # --- reading and writing ----------------------------------------------------------------------

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        """The cached vectors of ``keys`` that pass the checks (a bad one is left out, so it is recomputed)."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[bytes, np.ndarray] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, data in db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk):
                    vector = self._vector(data)
                    if vector is not None:
                        found[key] = vector
        except sqlite3.Error as error:
            self._on_error(error)
            return {}
        return found

    def _vector(self, data: object) -> np.ndarray | None:
        if not isinstance(data, bytes) or not data or len(data) % 4:
            return None
        vector = np.frombuffer(data, dtype=np.float32)
        valid = getattr(self.inner, "valid_cached", valid_vector)
        return vector if valid(vector) else None

    def _write(self, vectors: dict[bytes, np.ndarray]) -> None:
        db = self._connect()
        if db is None or not vectors:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)",
                               [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in vectors.items()])
        except sqlite3.Error as error:
            self._on_error(error)

    def _encode_fresh(self, texts: dict[bytes, str]) -> dict[bytes, np.ndarray]:
        """Encode ``texts`` (by key) with the inner encoder and store them."""
        if not texts:
            return {}
        vectors = np.asarray(self.inner.encode(list(texts.values())), dtype=np.float32)
        if self._width is None and vectors.ndim == 2:
            self._width = int(vectors.shape[1])
        fresh = dict(zip(texts, vectors))
        self._write(fresh)
        return fresh

    def _width_of_encoder(self, found: dict[bytes, np.ndarray]) -> int:
        """The encoder's vector width: known from fresh vectors, else from an empty call (which needs no
        model), else the commonest cached width."""
        if self._width is None:
            empty = np.asarray(self.inner.encode([]))
            if empty.ndim != 2:
                return Counter(len(v) for v in found.values()).most_common(1)[0][0]
            self._width = int(empty.shape[1])
        return self._width

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return self.inner.encode(texts)
        keys = [_key(t) for t in texts]
        unique = dict(zip(keys, texts))
        found = self._read(list(unique))
        fresh = self._encode_fresh({key: text for key, text in unique.items() if key not in found})
        if found:
            width = self._width_of_encoder(found)
            wrong = {key: unique[key] for key, vector in found.items() if len(vector) != width}
            found.update(self._encode_fresh(wrong))
        found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
