"""An on-disk embedding cache keyed by encoder name and sentence text (SQLite, one file per encoder).

Re-running a check on an edited document only encodes the sentences that changed.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path
from typing import Sequence

import numpy as np

from mtqa.encoders.base import Encoder


def _key(text: str) -> bytes:
    # surrogatepass: a lone surrogate (readers replace them, API callers may not) still has a key
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class CachedEncoder:
    """Wraps an encoder; vectors it has seen come from ``<cache_dir>/<encoder name>.sqlite``."""

    def __init__(self, encoder: Encoder, cache_dir: str | Path) -> None:
        self.inner = encoder
        self._dir = Path(cache_dir)
        self._db: sqlite3.Connection | None = None

    @property
    def name(self) -> str:
        return self.inner.name

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self._dir.mkdir(parents=True, exist_ok=True)
                safe = re.sub(r"[^A-Za-z0-9_.-]", "_", self.name)
                self._db = sqlite3.connect(self._dir / f"{safe}.sqlite")
                self._db.execute("CREATE TABLE IF NOT EXISTS vec (key BLOB PRIMARY KEY, data BLOB)")
            except (OSError, sqlite3.Error):
                return None  # an unusable cache only costs speed
        return self._db

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        db = self._connect()
        if db is None:
            return self.inner.encode(texts)
        keys = [_key(t) for t in texts]
        found: dict[bytes, np.ndarray] = {}
        unique_keys = list(dict.fromkeys(keys))
        for start in range(0, len(unique_keys), 500):
            chunk = unique_keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, data in db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk):
                found[key] = np.frombuffer(data, dtype=np.float32)
        missing = {}
        for key, text in zip(keys, texts):
            if key not in found:
                missing.setdefault(key, text)
        if missing:
            vectors = self.inner.encode(list(missing.values()))
            for key, vector in zip(missing, vectors):
                found[key] = vector
            try:
                with db:
                    db.executemany(
                        "INSERT OR REPLACE INTO vec VALUES (?, ?)",
                        [(k, found[k].astype(np.float32).tobytes()) for k in missing],
                    )
            except sqlite3.Error:
                pass
        if not texts:
            return self.inner.encode(texts)
        return np.stack([found[k] for k in keys]).astype(np.float32)
