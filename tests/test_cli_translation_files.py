"""Translation files through the command line: XLIFF 2 in, annotated XLIFF out; TMX and PO in."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

XLIFF2 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">
  <file id="f1">
    <notes><note>Newsletter, issue 7</note></notes>
    <unit id="u1">
      <notes><note>Headline</note></notes>
      <segment><source>The <pc id="1">Boston Globe</pc> reported a record on Monday.</source>
               <target>Die <pc id="1">Chicago Tribune</pc> meldete am Montag einen Rekord.</target></segment>
    </unit>
    <unit id="u2">
      <segment><source>Sales rose by 7% in May.</source><target>Der Umsatz stieg im Mai um 5 %.</target></segment>
    </unit>
    <unit id="u3">
      <segment><source>The weather was good.</source><target>Das Wetter war gut.</target></segment>
    </unit>
  </file>
</xliff>
"""
ITS = "{http://www.w3.org/2005/11/its}"
X2 = "{urn:oasis:names:tc:xliff:document:2.0}"


def test_xliff_in_annotated_xliff_out(mtqa, tmp_path):
    (tmp_path / "news.xlf").write_text(XLIFF2, encoding="utf-8")
    run = mtqa("check", "news.xlf", "-o", "out", "--xliff-out", "news.checked.xlf", "--no-second-opinion", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    rows = [json.loads(line) for line in (tmp_path / "out" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == ["Die Chicago Tribune meldete am Montag einen Rekord.",
                                         "Der Umsatz stieg im Mai um 5 %.", "Das Wetter war gut."]
    assert [r["id"] for r in rows] == ["de:u1", "de:u2", "de:u3"]  # the file's unit ids, as a CAT tool shows them
    root = ET.parse(tmp_path / "news.checked.xlf").getroot()
    units = root.iter(f"{X2}unit")
    assert [u.get("id") for u in units] == ["u1", "u2", "u3"]
    assert [n.text for n in root.iter(f"{X2}note")] == ["Newsletter, issue 7", "Headline"]
    assert len(list(root.iter(f"{X2}pc"))) == 2  # inline tags kept, in source and target
    issues = [m for m in root.iter(f"{X2}sm") if m.get(f"{ITS}locQualityIssueType")]
    kinds = {(m.get(f"{ITS}locQualityIssueType"), m.get(f"{ITS}locQualityIssueSeverity")) for m in issues}
    assert ("mistranslation", "100") in kinds  # the wrong newspaper (critical)
    assert any("MTQA301" in m.get(f"{ITS}locQualityIssueComment") for m in issues)  # 5 % for 7%


def test_tmx_and_po_are_checked_unit_by_unit(mtqa, tmp_path):
    (tmp_path / "memory.tmx").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="en" datatype="plaintext" '
        'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="en"><seg>Sales rose by 7% in May.</seg></tuv><tuv xml:lang="de"><seg>Der Umsatz stieg im Mai um 5 %.</seg></tuv></tu>'
        '<tu><tuv xml:lang="en"><seg>The weather was good.</seg></tuv><tuv xml:lang="de"><seg>Das Wetter war gut.</seg></tuv></tu>'
        "</body></tmx>", encoding="utf-8")
    run = mtqa("check", "memory.tmx", "-o", "tmx", "--no-second-opinion", "--format", "jsonl", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    rows = [json.loads(line) for line in (tmp_path / "tmx" / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [[f["code"] for f in r["findings"]] for r in rows] == [["MTQA301"], []]
    (tmp_path / "de.po").write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Save the file"\nmsgstr "Datei speichern"\n',
                                    encoding="utf-8")
    assert mtqa("check", "de.po", "-o", "po", "--no-second-opinion", cwd=tmp_path).returncode == 0
    bad = mtqa("check", "memory.tmx", "-v", "de.po", "-o", "x", cwd=tmp_path)
    assert bad.returncode == 2 and "drop --version" in bad.stderr
