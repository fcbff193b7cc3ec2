"""Publishing a report folder (issue 14, items 11 and 21): all at once, a full disk or a kill
leaves the previous report whole, and staging a killed run left behind is cleared next time."""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtqa import cli, pipeline
from mtqa.errors import InputError
from mtqa.gate import evaluate_gate
from mtqa.report import writers

OLD = {"sentences.jsonl": "old rows\n", "summary.md": "old summary\n", "sentences.xlsx": b"old xlsx"}
NEW = {"sentences.jsonl": "new rows\n", "summary.md": "new summary\n", "sentences.xlsx": b"new xlsx"}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def as_bytes(files: dict[str, str | bytes]) -> dict[str, bytes]:
    return {k: v.encode() if isinstance(v, str) else v for k, v in sorted(files.items())}


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "reports" / "doc"
    pipeline._publish_report(folder, OLD)
    return folder


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_publish_replaces_the_whole_report(report):
    pipeline._publish_report(report, NEW)
    assert contents(report) == as_bytes(NEW)
    assert sorted(p.name for p in report.parent.iterdir()) == ["doc"]


def test_a_new_report_folder_is_not_private(tmp_path):
    folder = tmp_path / "fresh"
    pipeline._publish_report(folder, NEW)
    assert folder.stat().st_mode & 0o077 == 0o777 & ~_umask() & 0o077


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("where", ["open", "write_bytes"])
def test_full_disk_is_one_error_and_the_old_report_stays(report, monkeypatch, where):
    if where == "open":
        monkeypatch.setattr(writers, "open", no_space, raising=False)
    else:
        monkeypatch.setattr(Path, "write_bytes", no_space)
    with pytest.raises(InputError) as raised:
        pipeline._publish_report(report, NEW)
    assert "No space left on device" in str(raised.value) and str(report) in str(raised.value)
    monkeypatch.undo()
    assert contents(report) == as_bytes(OLD)
    assert sorted(p.name for p in report.parent.iterdir()) == ["doc"]


def test_full_disk_through_the_command_line(tmp_path, monkeypatch):
    out = tmp_path / "out"

    def run_check(path, *args, **kwargs):
        pipeline._publish_report(out, NEW)
        return out, "summary", evaluate_gate([], None)

    monkeypatch.setattr("mtqa.pipeline.run_check", run_check)
    monkeypatch.setattr(writers, "open", no_space, raising=False)
    result = CliRunner().invoke(cli.app, ["check", str(tmp_path), "--no-cache"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"mtqa: error: {out}/sentences.jsonl: cannot be written (No space left on device); "
        "the previous report is unchanged"]
    assert not out.exists()  # a folder made for the report goes again


def test_a_kill_before_the_swap_leaves_the_old_report_whole(report, monkeypatch):
    def killed(new, folder):
        assert contents(new) == as_bytes(NEW)  # the new report was complete
        raise KeyboardInterrupt

    monkeypatch.setattr(writers, "_swap", killed)
    with pytest.raises(KeyboardInterrupt):
        pipeline._publish_report(report, NEW)
    assert contents(report) == as_bytes(OLD)
    assert sorted(p.name for p in report.parent.iterdir()) == ["doc"]


def test_swap_without_the_atomic_exchange(report, monkeypatch):
    monkeypatch.setattr(writers, "_exchange", lambda a, b: False)
    pipeline._publish_report(report, NEW)
    assert contents(report) == as_bytes(NEW)
    assert sorted(p.name for p in report.parent.iterdir()) == ["doc"]


def test_other_files_in_the_report_folder_are_kept(report):
    (report / "notes.txt").write_text("mine")
    pipeline._publish_report(report, {"summary.md": "only md\n"})
    assert contents(report) == {"notes.txt": b"mine", "sentences.jsonl": b"old rows\n",
                                "sentences.xlsx": b"old xlsx", "summary.md": b"only md\n"}


def test_a_folder_holding_folders_is_updated_file_by_file(report):
    (report / "keep").mkdir()
    (report / "keep" / "x.txt").write_text("x")
    pipeline._publish_report(report, NEW)
    assert (report / "keep" / "x.txt").read_text() == "x"
    assert contents(report) == as_bytes(NEW)


def test_stale_staging_of_a_killed_run_is_cleared(report):
    pid = dead_pid()
    legacy = report / ".mtqa-staging-k2j4l1"
    beside = report.parent / f".doc.mtqa-staging-{pid}-abc"
    for folder in (legacy, beside):
        folder.mkdir()
        (folder / "sentences.jsonl").write_text("half")
    live = report.parent / f".doc.mtqa-staging-{_parent_pid()}-xyz"
    live.mkdir()
    pipeline._probe_output_dir(report)
    assert not legacy.exists() and not beside.exists() and live.exists()
    pipeline._publish_report(report, NEW)
    assert contents(report) == as_bytes(NEW)


def _parent_pid() -> int:
    import os

    return os.getppid()


def test_a_kill_between_the_two_renames_is_repaired_next_run(report):
    retired = report.parent / f".doc.mtqa-old-{dead_pid()}-abc"
    report.rename(retired)  # what a kill between "move the old away" and "move the new in" leaves
    pipeline._probe_output_dir(report)
    assert contents(report) == as_bytes(OLD) and not retired.exists()
