"""Runs of many documents on a Dask cluster of two worker processes: the same reports as a serial run.

One local cluster serves the module (``--scheduler`` is given its address); the documents are the
small tree of ``batchdocs``, checked without QE. A serial run of the same tree is the reference.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from batchdocs import FAST, Interrupted, crash_first_try, fail_after_the_others, make_docs, tree_bytes
from mtqa.batchrun import BatchRequest, run_batch
from mtqa.pipeline import CheckRequest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> Path:
    return make_docs(tmp_path_factory.mktemp("dask-docs"))


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("dask-cache"))


def batch(docs: Path, out: Path, cache: str, scheduler: str | None = None) -> BatchRequest:
    request = CheckRequest(docs, quality_estimation=None, cache_dir=cache, output=out, fail_on="major",
                           formats=("jsonl", "json", "md", "html"))
    return BatchRequest(request, recursive=True, scheduler=scheduler)


@pytest.fixture(scope="module")
def serial(docs, cache, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("serial") / "out"
    run_batch(batch(docs, out, cache), warn=lambda message: None)
    return tree_bytes(out)


def test_a_cluster_writes_the_reports_and_index_of_the_serial_run(cluster, docs, cache, serial, tmp_path):
    result = run_batch(batch(docs, tmp_path / "out", cache, cluster.scheduler_address), warn=lambda message: None)
    assert [e["document"] for e in result.entries] == ["a", "b/c", "bad"]
    assert result.entries[2]["error"].endswith("no target text de.txt in the folder (languages found: en); add it, "
                                               "or pass --target-lang with one of the languages found")
    assert tree_bytes(tmp_path / "out") == serial


def test_a_worker_that_dies_is_replaced_and_the_run_completes_the_same(cluster, docs, cache, serial, tmp_path):
    marker = docs / "b" / "c" / ".crashed"
    marker.unlink(missing_ok=True)
    result = run_batch(batch(docs, tmp_path / "out", cache, cluster.scheduler_address), warn=lambda message: None,
                       task=crash_first_try)
    assert marker.exists()  # the first try did kill its worker
    marker.unlink()
    assert result.entries[1]["error"] is None
    assert tree_bytes(tmp_path / "out") == serial


def test_an_interrupted_run_resumes_where_it_stopped(cluster, docs, cache, serial, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Interrupted):
        run_batch(batch(docs, out, cache, cluster.scheduler_address), warn=lambda message: None,
                  task=fail_after_the_others)
    assert (out / "a" / "report.html").is_file() and not (out / "b").exists() and not (out / "index.jsonl").exists()
    before = (out / "a" / "report.html").stat().st_ino
    result = run_batch(batch(docs, out, cache, cluster.scheduler_address), warn=lambda message: None)
    assert result.skipped == 1 and (out / "a" / "report.html").stat().st_ino == before
    assert tree_bytes(out) == serial


def test_an_interrupted_serial_run_resumes_too(docs, cache, serial, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(Interrupted):
        run_batch(batch(docs, out, cache), warn=lambda message: None, task=fail_after_the_others)
    result = run_batch(batch(docs, out, cache), warn=lambda message: None)
    assert result.skipped == 1
    assert tree_bytes(out) == serial


def test_workers_option_starts_a_local_cluster(mtqa, tmp_path):
    make_docs(tmp_path)
    run = mtqa("check", "docs", "--recursive", "--workers", "2", "-o", "out", "--cache-dir", tmp_path / "cache",
               *FAST, cwd=tmp_path)
    assert run.returncode == 2, run.describe()  # docs/bad
    assert "Traceback" not in run.stderr
    serial = mtqa("check", "docs", "--recursive", "-o", "serial", "--cache-dir", tmp_path / "cache", *FAST,
                  cwd=tmp_path)
    assert tree_bytes(tmp_path / "out") == tree_bytes(tmp_path / "serial")


def test_an_unreachable_scheduler_is_an_input_error():
    import dask

    from mtqa.cluster import dask_client
    from mtqa.errors import InputError

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        with pytest.raises(InputError, match="cannot reach the Dask scheduler") as raised:
            with dask_client(None, "tcp://127.0.0.1:9"):
                pass
    assert str(raised.value).startswith("tcp://127.0.0.1:9: cannot reach the Dask scheduler")


def test_local_workers_keep_glibcs_adaptive_memory_mapping(monkeypatch):
    """Dask's nanny would start the workers with MALLOC_TRIM_THRESHOLD_, which slows numpy and torch."""
    import os

    from mtqa.cluster import dask_client

    # a nanny started earlier in this test process sets the variable in the process itself
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    with dask_client(1, None, quiet=True) as client:
        environ = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS")))
    assert list(environ.values()) == [(None, "1")]


def test_a_local_cluster_leaves_the_dashboard_port_to_others():
    """Two runs at once (or a user's own dashboard on 8787) must not contend for the scheduler's HTTP port."""
    from mtqa.cluster import dask_client

    with dask_client(1, None, quiet=True) as client:
        sockets = client.cluster.scheduler.http_server._sockets.values()
        addresses = {s.getsockname()[:2] for s in sockets}
    assert addresses and all(host == "127.0.0.1" and port != 8787 for host, port in addresses)
