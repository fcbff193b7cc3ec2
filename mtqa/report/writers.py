"""Write a report folder: sentences.jsonl, sentences.csv, summary.md, summary.json, junit.xml.

summary.md (and the console summary) list the flagged sentences, id, status and the most severe
finding, up to ``FLAGGED_SHOWN`` of them, then say how many more there are.

Publishing: the complete new report is written into a hidden staging folder beside the report
folder (``.<name>.mtqa-staging-<pid>-*``), with every other file of the old folder linked into it,
and then swapped in by renames (one atomic exchange where Linux offers it), so a reader sees the
whole old report or the whole new one, never a mix, and a full disk leaves the old report as it
was. A report folder that holds folders of its own, is a symbolic link, or holds the working
directory is not swapped: its files are replaced one by one (each ``os.replace`` is atomic).
Staging left by a killed run is cleared by the next run into the same folder.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Union

from mtqa.errors import InputError
from mtqa.wording import plural

STAGING = "mtqa-staging"
RETIRED = "mtqa-old"
_RENAME_EXCHANGE = 2  # renameat2 flag (linux/fs.h)
_AT_FDCWD = -100
WRITE_CHUNK = 1 << 20  # characters
# a file's text or bytes, or a function that makes them: as one value, or as pieces of text
FileContent = Union[str, bytes, Callable[[], Union[str, bytes, Iterable[str]]]]


def prepare_output_dir(folder: str | Path) -> Path:
    """Create the folder if needed and prove it is writable, or raise an ``InputError``."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=path, prefix=".mtqa-probe-", delete=True)
        probe.close()
    except FileExistsError:
        raise InputError("output path exists and is not a folder", path) from None
    except NotADirectoryError:
        raise InputError("output path is inside a file, not a folder", path) from None
    except PermissionError:
        raise InputError("output folder is not writable (permission denied)", path) from None
    except OSError as error:
        raise InputError(f"output folder cannot be written ({error.strerror or error})", path) from None
    if not path.is_dir():
        raise InputError("output path exists and is not a folder", path)
    return path


def jsonl_text(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def json_text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def publish(folder: Path, files: dict[str, FileContent]) -> None:
    """Put ``files`` (each its text, bytes or a function that makes them) into the existing ``folder``
    all at once; an ``InputError`` if the disk refuses.

    On any failure (a full disk, Ctrl-C) the staging is removed and the old report stays as it was.
    """
    clear_stale_staging(folder)
    if _swappable(folder):
        _publish_by_swap(folder, files)
    else:
        _publish_file_by_file(folder, files)


def _staging_name(folder: Path, kind: str) -> str:
    return f".{folder.name}.{kind}-{os.getpid()}-"


def _swappable(folder: Path) -> bool:
    """Whether the whole folder can be swapped for a new one without touching anything but report files."""
    if folder.is_symlink() or not os.access(folder.parent, os.W_OK):
        return False
    here, target = Path.cwd().resolve(), folder.resolve()
    if here == target or target in here.parents:
        return False
    try:
        return not any(entry.is_dir() and not entry.is_symlink() for entry in folder.iterdir())
    except OSError:
        return False


def _publish_by_swap(folder: Path, files: dict[str, FileContent]) -> None:
    stage = _make_stage(folder.parent, _staging_name(folder, STAGING), folder)
    try:
        os.chmod(stage, folder.stat().st_mode & 0o7777)  # mkdtemp's 0700 would make the report private
        _write_files(stage, files, shown=folder)
        _carry_over(folder, stage, files)
        try:
            _swap(stage, folder)
        except OSError as error:
            raise InputError(f"cannot be replaced ({error.strerror or error}); the previous report is unchanged",
                             folder) from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # after the swap: the old report


def _publish_file_by_file(folder: Path, files: dict[str, FileContent]) -> None:
    stage = _make_stage(folder, f".{STAGING}-{os.getpid()}-", folder)
    try:
        _write_files(stage, files, shown=folder)
        for name in files:
            os.replace(stage / name, folder / name)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _make_stage(parent: Path, prefix: str, shown: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError as error:
        raise InputError(f"cannot be written ({error.strerror or error}); the previous report is unchanged",
                         shown) from None


def _write_files(stage: Path, files: dict[str, FileContent], shown: Path) -> None:
    """Write every file into ``stage``; a failure is an ``InputError`` naming the file as it will be.

    A file given as a function is made just before it is written, so only one file is in memory at a
    time; one made in pieces is written piece by piece.
    """
    for name, content in files.items():
        if callable(content):
            content = content()
        try:
            if isinstance(content, bytes):
                (stage / name).write_bytes(content)
            else:
                with open(stage / name, "w", encoding="utf-8", newline="") as out:
                    for piece in _pieces(content):
                        out.write(piece)
        except OSError as error:
            raise InputError(f"cannot be written ({error.strerror or error}); the previous report is unchanged",
                             shown / name) from None


def _pieces(content: str | Iterable[str]) -> Iterable[str]:
    """Text in pieces of at most ``WRITE_CHUNK`` characters, so that it is encoded a piece at a time."""
    for text in [content] if isinstance(content, str) else content:
        for start in range(0, len(text), WRITE_CHUNK):
            yield text[start : start + WRITE_CHUNK]


def _carry_over(folder: Path, stage: Path, files: dict[str, FileContent]) -> None:
    """Link (or copy) into ``stage`` the files of ``folder`` this report does not replace."""
    for entry in folder.iterdir():
        if entry.name in files or entry.name.startswith(f".{STAGING}-"):
            continue
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry), stage / entry.name)
            else:
                try:
                    os.link(entry, stage / entry.name)
                except OSError:
                    shutil.copy2(entry, stage / entry.name)
        except OSError as error:
            raise InputError(f"cannot be kept in the new report ({error.strerror or error}); "
                             "the previous report is unchanged", entry) from None


def _swap(new: Path, folder: Path) -> None:
    """Make ``new`` the ``folder``; afterwards ``new`` holds the old one (to be removed)."""
    if _exchange(new, folder):
        return
    retired = Path(tempfile.mkdtemp(prefix=_staging_name(folder, RETIRED), dir=folder.parent))
    os.rmdir(retired)
    os.rename(folder, retired)
    try:
        os.rename(new, folder)
    except BaseException:
        os.rename(retired, folder)
        raise
    os.rename(retired, new)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where unavailable."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):  # not Linux (TypeError: Windows has no CDLL(None))
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system (or kernel) without the exchange: two renames instead
    raise OSError(code, os.strerror(code), str(b))


_STAGED = re.compile(r"\.(?:.*\.)?mtqa-(?:staging|old)-(\d+)-.*|\.mtqa-staging-[^-]*")


def clear_stale_staging(folder: Path) -> None:
    """Remove staging a killed run left in or beside ``folder`` (one of a live process is kept).

    A retired old report whose folder is missing (a kill between two renames) is put back first.
    """
    beside = [p for p in _listing(folder.parent) if p.name.startswith(f".{folder.name}.mtqa-")]
    inside = [p for p in _listing(folder) if p.name.startswith(".mtqa-staging-")]
    for path in sorted(beside + inside):
        match = _STAGED.fullmatch(path.name)
        if not match or (match.group(1) and _alive(int(match.group(1)))):
            continue
        if f".{RETIRED}-" in path.name and not folder.exists():
            os.rename(path, folder)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this run has not staged anything yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:
        return False
    return True


#: How many flagged sentences summary.md and the console list before "... and N more".
FLAGGED_SHOWN = 10


def flagged_lines(flagged: list[dict[str, Any]], limit: int = FLAGGED_SHOWN) -> list[str]:
    """``de:12 critical: MTQA101 critical: The English says …``, one line per flagged sentence, capped at ``limit``."""
    lines = [f"{item['id']} {item['status']}" + (f": {item['finding']}" if item.get("finding") else "")
             for item in flagged[:limit]]
    if len(flagged) > limit:
        more = len(flagged) - limit
        lines.append(f"... and {more} more flagged sentence{'s' if more != 1 else ''} (see the report)")
    return lines


def _md_text(text: str) -> str:
    """Text safe in a Markdown list item: no line breaks, no HTML, ``|`` and backticks escaped."""
    text = " ".join(text.split())
    for char in ("\\", "`", "*", "_", "|", "<", ">", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text


def _two_decimals(value: Any) -> str:
    return "–" if value is None else f"{float(value):.2f}"


def summary_markdown(counts: dict[str, Any], signature: str) -> str:
    """A short human summary: what was read, how it aligned, what to look at, and the signature."""
    target = counts["target"]
    lines = [f"# mtqa report: {target['file'] or target['lang']}", ""]
    lines.append(f"Target `{target['lang']}`: {plural(target['sentences'], 'sentence')}"
                 + (", of which boilerplate: " + ", ".join(f"{k} {v}" for k, v in target["boilerplate"].items())
                    if target["boilerplate"] else "") + ".")
    status = counts["status"]
    lines.append(f"Status: {status['ok']} ok, {status['review']} review, {status['critical']} critical; "
                 f"{plural(counts['findings'], 'finding')}.")
    lines += ["", "| version | file | sentences | alignment types | target unaligned | version unaligned | mean similarity | low-confidence units |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for lang, info in counts["versions"].items():
        kinds = ", ".join(f"{k}: {v}" for k, v in info["alignment_types"].items())
        lines.append(f"| {lang} | {info['file']} | {info['sentences']} | {kinds} | {info['target_unaligned']} | "
                     f"{info['version_unaligned']} | {_two_decimals(info['mean_similarity'])} | {info['low_confidence_units']} |")
    flagged = counts.get("flagged") or []
    if flagged:
        lines += ["", "## Flagged sentences", ""] + [f"- {_md_text(line)}" for line in flagged_lines(flagged)]
    warnings = [f"{target['file']}: {w}" for w in target["warnings"]]
    for info in counts["versions"].values():
        warnings += [f"{info['file']}: {w}" for w in info["warnings"]]
    if warnings:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in warnings]
    lines += ["", "## Signature", "", f"`{signature}`", ""]
    return "\n".join(lines)
