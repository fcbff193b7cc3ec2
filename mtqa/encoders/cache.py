"""An on-disk embedding cache keyed by encoder name and sentence text (one ``mtqa.blobstore`` SQLite
file per encoder).

Re-running a check on an edited document only encodes the sentences that changed. The cache is an
optimisation, so it never changes a result and never stops a run: every vector read is checked (a
blob of whole float32 values, the encoder's width, finite) and one that fails is recomputed and
written again; a damaged, locked or unwritable file is handled by the store (moved aside and rebuilt,
or bypassed).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

from mtqa.blobstore import LOCK_WAIT_S, BlobStore
from mtqa.encoders.base import Encoder
from mtqa.stageclock import stage


def _key(text: str) -> bytes:
    # surrogatepass: a lone surrogate (readers replace them, API callers may not) still has a key
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


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
        file_name = re.sub(r"[^A-Za-z0-9_.-]", "_", encoder.name) + ".sqlite"
        self._store = BlobStore(Path(cache_dir) / file_name, "embedding cache", lock_wait_s)
        self._width: int | None = None

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def path(self) -> Path:
        return self._store.path

    def close(self) -> None:
        """Close the cache file (it reopens on the next use)."""
        self._store.close()

    def _vector(self, data: object) -> np.ndarray | None:
        if not isinstance(data, bytes) or not data or len(data) % 4:
            return None
        vector = np.frombuffer(data, dtype=np.float32)
        valid = getattr(self.inner, "valid_cached", valid_vector)
        return vector if valid(vector) else None

    def _encode_fresh(self, texts: dict[bytes, str]) -> dict[bytes, np.ndarray]:
        """Encode ``texts`` (by key) with the inner encoder and store them."""
        if not texts:
            return {}
        with stage(f"encode ({self.name})"):
            vectors = np.asarray(self.inner.encode(list(texts.values())), dtype=np.float32)
        if self._width is None and vectors.ndim == 2:
            self._width = int(vectors.shape[1])
        fresh = dict(zip(texts, vectors))
        self._store.write({key: vector.tobytes() for key, vector in fresh.items()})
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
        found = self._store.read(list(unique), self._vector)
        fresh = self._encode_fresh({key: text for key, text in unique.items() if key not in found})
        if found:
            width = self._width_of_encoder(found)
            wrong = {key: unique[key] for key, vector in found.items() if len(vector) != width}
            found.update(self._encode_fresh(wrong))
        found.update(fresh)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)
