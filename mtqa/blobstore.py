"""A self-healing on-disk key → bytes store (one SQLite file), for caches that must never change a
result nor stop a run.

* every value read is checked by the caller's ``decode`` (returning None for a bad one, which the
  caller then recomputes and writes again);
* a file that is no SQLite database, is damaged, or has another schema is moved aside to
  ``<name>.broken`` with a one-line warning and a new file is started;
* a file another process keeps locked is waited for ``LOCK_WAIT_S`` seconds, then bypassed for the rest
  of the run (with a warning); any other SQLite error, or a folder that cannot be written, bypasses it
  silently.

Warnings go to the ``mtqa.cache`` logger as complete ``mtqa: warning: ...`` lines (printed on stderr
where nothing else handles them; ``--quiet`` silences them).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Callable, TypeVar

from mtqa.safetext import printable

LOCK_WAIT_S = 2.0
SCHEMA = [("key", "BLOB", 1), ("data", "BLOB", 0)]  # (name, type, part of the primary key)
CHUNK = 500  # keys per SELECT (SQLite caps the parameters of one statement)
_LOG = logging.getLogger("mtqa.cache")
Value = TypeVar("Value")


class CacheDamaged(Exception):
    """The file cannot be used as a store: not SQLite, damaged, or another schema."""


def text_key(*parts: str) -> bytes:
    """A 16-byte key for one or more texts (parts kept apart, so ("ab", "c") ≠ ("a", "bc"))."""
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        # surrogatepass: a lone surrogate (readers replace them, API callers may not) still has a key
        encoded = part.encode("utf-8", "surrogatepass")
        digest.update(len(encoded).to_bytes(8, "little"))
        digest.update(encoded)
    return digest.digest()


def _is_lock(error: sqlite3.Error) -> bool:
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))


def _is_damage(error: sqlite3.Error) -> bool:
    # sqlite3 raises plain DatabaseError for "file is not a database" and "disk image is malformed";
    # its subclasses (OperationalError: locked, read-only, I/O) are about access, not content.
    return type(error) is sqlite3.DatabaseError


def _warn(message: str) -> None:
    _LOG.warning(printable(f"mtqa: warning: {message}"))


class BlobStore:
    """``store.read(keys, decode)`` → the decodable values found; ``store.write({key: bytes})``.

    ``label`` names the store in warnings ("embedding cache"). The file is opened on first use.
    """

    def __init__(self, path: Path, label: str, lock_wait_s: float = LOCK_WAIT_S) -> None:
        self.path = path
        self.label = label
        self._db: sqlite3.Connection | None = None
        self._bypass = False
        self._lock_wait_s = lock_wait_s

    def read(self, keys: list[bytes], decode: Callable[[object], Value | None]) -> dict[bytes, Value]:
        """The values of ``keys`` that ``decode`` accepts (a bad one is left out, so it is recomputed)."""
        db = self._connect()
        if db is None:
            return {}
        found: dict[bytes, Value] = {}
        try:
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                marks = ",".join("?" * len(chunk))
                for key, data in db.execute(f"SELECT key, data FROM vec WHERE key IN ({marks})", chunk):
                    value = decode(data)
                    if value is not None:
                        found[key] = value
        except sqlite3.Error as error:
            self._on_error(error)
            return {}
        return found

    def write(self, values: dict[bytes, bytes]) -> None:
        db = self._connect()
        if db is None or not values:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO vec VALUES (?, ?)", list(values.items()))
        except sqlite3.Error as error:
            self._on_error(error)

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
        self.path.parent.mkdir(parents=True, exist_ok=True)
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
            _warn(f"{self.path}: {self.label} unreadable ({reason}); running without it")
            return
        _warn(f"{self.path}: {self.label} unreadable ({reason}); moved aside to {broken.name}, rebuilding it")

    def _give_up(self, error: sqlite3.Error) -> None:
        """Run without the store from now on; a lock held too long is worth a warning."""
        self.close()
        self._bypass = True
        if _is_lock(error):
            _warn(f"{self.path}: {self.label} locked by another process for {self._lock_wait_s:g} s; "
                  "running without it")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _on_error(self, error: sqlite3.Error) -> None:
        """A failure while reading or writing: a damaged file is moved aside and rebuilt, else bypass."""
        if _is_damage(error):
            self.close()
            self._move_aside(" ".join(str(error).split()))
        else:
            self._give_up(error)
