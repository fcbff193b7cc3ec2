"""Write a report folder: sentences.jsonl, sentences.csv, summary.md, summary.json, junit.xml.

summary.md (and the console summary) list the flagged sentences, id, status and the most severe
finding, up to ``FLAGGED_SHOWN`` of them, then say how many more there are.

All files are first written into a staging folder inside the report folder and then moved into
place one by one (``os.replace`` is atomic), so an interrupted run never leaves a half-written
file: a reader sees either the previous report's file or the new one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from mtqa.errors import InputError
from mtqa.wording import plural


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


def publish(folder: Path, files: dict[str, str | bytes]) -> None:
    """Write every file into a staging folder, then move each into ``folder``."""
    stage = Path(tempfile.mkdtemp(prefix=".mtqa-staging-", dir=folder))
    try:
        for name, content in files.items():
            if isinstance(content, bytes):
                (stage / name).write_bytes(content)
            else:
                with open(stage / name, "w", encoding="utf-8", newline="") as out:
                    out.write(content)
        for name in files:
            os.replace(stage / name, folder / name)
    finally:
        for leftover in stage.iterdir():
            leftover.unlink()
        stage.rmdir()


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
