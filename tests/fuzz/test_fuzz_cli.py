"""Fuzzing the command line end to end: a generated valid XLIFF file gives a report with every unit.

Each example is a full ``mtqa check`` in a subprocess (seconds), so the CI profile tries only a
few; ``MTQA_FUZZ_PROFILE=long`` tries many more.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from fuzzing import FUZZ, xml_text
from hypothesis import example, given, settings
from hypothesis import strategies as st

EXAMPLES = 2 if os.environ.get("MTQA_FUZZ_PROFILE", "ci") == "ci" else 300
TEXT = xml_text(min_size=1, max_size=60).filter(lambda text: text.strip())


@settings(FUZZ, max_examples=EXAMPLES)
@given(pairs=st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=4))
@example(pairs=[("0À", "[")])  # a target without words: once an IndexError in word alignment (MTQA101)
def test_every_unit_of_a_valid_xliff_file_is_in_the_report(mtqa, pairs):
    units = "".join(f'<trans-unit id="u{i}"><source>{escape(s)}</source><target>{escape(t)}</target></trans-unit>'
                    for i, (s, t) in enumerate(pairs))
    document = (f'<xliff version="1.2"><file source-language="en" target-language="de"><body>{units}</body></file>'
                "</xliff>")
    with tempfile.TemporaryDirectory(prefix="mtqa-fuzz-") as folder:
        (Path(folder) / "file.xlf").write_text(document, encoding="utf-8")
        run = mtqa("check", "file.xlf", "-o", "out", "--no-second-opinion", "--no-qe", "--cache-dir", "cache",
                   cwd=folder)
        assert run.returncode == 0, run.describe()
        assert "Traceback" not in run.stderr
        rows = [json.loads(line) for line in
                (Path(folder) / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    targets = [row for row in rows if row["kind"] == "target"]
    assert [row["text"] for row in targets] == [t for _s, t in pairs]
