"""The HTML review page: escaping, span highlighting, determinism, and (in headless Chromium) its script.

The Chromium tests load the page from a file:// URL with a fragment that sets the filters
(``#status=critical``, ``#lang=fr``, ``#sort=risk``, ``#keys=jj``...) and read the DOM after
the scripts ran with ``--dump-dom``; the page writes JS errors into ``#js-errors`` and sets
``body[data-ready]`` when its script finished, so the dumped DOM shows both.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mtqa.report.html import highlight, render_html, script_json

IMG = "\"><img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
PWN = "<img src=x onerror=\"document.title='pwned'\">"
TITLE = "mtqa report: test"


def _finding(text: str, span: str, code: str = "MTQA101", severity: str = "critical",
             category: str = "accuracy/mistranslation", message: str = "wrong", start: int | None = None) -> dict:
    start = text.index(span) if start is None else start
    return {"code": code, "severity": severity, "category": category, "message": message,
            "start": start, "end": start + len(span), "span": span, "confidence": 0.9, "evidence": {}}


def _version(text: str, sentences: list[int], kind: str = "1-1") -> dict:
    return {"text": text, "sentences": sentences, "alignment": kind, "confidence": 0.8,
            "similarity": 0.7, "similarity_second": 0.9}


def _row(index: int, text: str, status: str = "ok", risk: float = 0.0, findings: list | None = None,
         versions: dict | None = None, boilerplate: str | None = None) -> dict:
    return {"id": f"de:{index}", "kind": "target", "lang": "de", "index": index, "paragraph": index,
            "text": text, "start": 0, "end": len(text), "boilerplate": boilerplate, "status": status,
            "risk": risk, "findings": findings or [], "versions": versions or {}}


def _unaligned(lang: str, index: int, text: str) -> dict:
    return {"id": f"{lang}:{index}", "kind": "unaligned-version", "lang": lang, "index": index, "paragraph": 0,
            "text": text, "boilerplate": None, "status": "ok", "risk": 0.0, "findings": [], "versions": {},
            "confidence": 0.5}


EMOJI_TEXT = "🎉𝄞 Die Wall Street Times berichtet."
OVERLAP_TEXT = "Zero One Wanwu trainiert Modelle."


def _rows() -> list[dict]:
    return [
        _row(0, "Nachricht", boilerplate="section-label",
             versions={"en": _version("News", [0]), "fr": _version("Actualités", [0])}),
        _row(1, EMOJI_TEXT, "critical", 0.91, [_finding(EMOJI_TEXT, "Wall Street Times")],
             {"en": _version("The Wall Street Journal reports.", [1]), "fr": _version("Le WSJ rapporte.", [1])}),
        _unaligned("en", 2, "An extra English sentence."),
        _row(2, f"Ein Satz mit {SCRIPT} darin.", "ok", 0.0, [],
             {"en": _version(f"A sentence with {IMG} inside.", [3]), "fr": _version(PWN, [2])}),
        _row(3, OVERLAP_TEXT, "review", 0.6,
             [_finding(OVERLAP_TEXT, "Zero One Wanwu", "MTQA102", "major", "terminology", f"name {PWN}"),
              _finding(OVERLAP_TEXT, "Wanwu trainiert", "MTQA201", "minor", "accuracy/untranslated", "romanised"),
              _finding(OVERLAP_TEXT, OVERLAP_TEXT, "MTQA403", "minor", "accuracy/mistranslation", "low similarity")],
             {"en": _version("01.AI trains models.", [4]), "fr": _version("01.AI entraîne des modèles.", [3])}),
        _row(4, f"Noch einer {PWN}.", "review", 0.3,
             [_finding(f"Noch einer {PWN}.", "einer", "MTQA502", "minor", f"fluency{IMG}", SCRIPT)],
             {"en": _version("One more.", [5])}),
        _unaligned("fr", 4, "Une phrase en plus."),
    ]


def _summary() -> dict:
    return {"target": {"file": "de.txt", "lang": "de", "sentences": 5, "boilerplate": {"section-label": 1},
                       "warnings": [f"odd file {SCRIPT}"]},
            "status": {"ok": 2, "review": 2, "critical": 1}, "findings": 5,
            "versions": {"en": {"file": "en.txt", "sentences": 6, "alignment_types": {"1-1": 5},
                                "target_unaligned": 0, "version_unaligned": 1, "mean_similarity": 0.7,
                                "low_confidence_units": 0, "warnings": []},
                         "fr": {"file": "fr.txt", "sentences": 5, "alignment_types": {"1-1": 4},
                                "target_unaligned": 1, "version_unaligned": 1, "mean_similarity": 0.6,
                                "low_confidence_units": 1, "warnings": [f"bad {IMG}"]}},
            "gate": {"passed": False, "settings": "critical", "failures": {"critical": 1}},
            "signature": "mtqa:0.1.0|target:de|x:</script><script>document.title='pwned'</script>"}


# ---------------------------------------------------------------------------------------------
# Pure Python


class Elements(HTMLParser):
    """Every start tag as (tag, attrs), in document order, plus the text of <title>."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.title = ""
        self._in_title = False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_title = tag == "title" and not any(t == "body" for t, _ in self.elements)  # not SVG titles

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def rows(self) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == "tr" and a.get("id", "").startswith("r-")]

    def visible_ids(self) -> list[str]:
        return [a["id"][2:] for a in self.rows() if "hidden" not in a["class"].split()]

    def first(self, tag: str, **want: str) -> dict[str, str]:
        return next(a for t, a in self.elements if t == tag and all(a.get(k) == v for k, v in want.items()))


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(_rows(), _summary(), TITLE)


def test_user_text_is_escaped_everywhere(page):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<img" not in page
    assert "<script>alert" not in page
    assert "</script><script>document" not in page
    # the only script elements are the page's own two
    assert page.count("<script>") == 2 and page.count("</script>") == 2
    doc = Elements(page)
    assert not any(tag == "img" for tag, _ in doc.elements)
    assert not any(name.startswith("on") for _, attrs in doc.elements for name in attrs)


def test_script_json_cannot_close_a_script_element():
    text = script_json({"a": "</script><!-- & \u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert "\\u003c/script\\u003e" in text


def test_content_security_policy_allows_exactly_the_inline_script_and_style(page):
    csp = Elements(page).first("meta", **{"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    for tag in ("script", "style"):
        for body in re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
    assert "http" not in csp and "src=\"http" not in page and "url(" not in page


def test_spans_are_highlighted_at_code_point_offsets_after_non_bmp_characters():
    finding = _finding(EMOJI_TEXT, "Wall Street Times")
    assert finding["start"] == 7  # 🎉 and 𝄞 are one code point each (two UTF-16 units each)
    html = highlight(EMOJI_TEXT, [finding])
    assert re.search(r'<mark class="hl sev-critical"[^>]*>Wall Street Times</mark>', html)
    assert html.startswith("🎉𝄞 Die <mark")
    assert re.sub(r"<[^>]+>", "", html) == EMOJI_TEXT


def test_overlapping_spans_are_flattened_without_nesting():
    findings = _rows()[4]["findings"]
    html = highlight(OVERLAP_TEXT, findings)
    assert re.sub(r"<[^>]+>", "", html) == OVERLAP_TEXT
    assert not re.search(r"<mark[^>]*>[^<]*<mark", html)
    marks = re.findall(r'<mark class="([^"]+)" data-f="([^"]+)"[^>]*>([^<]*)</mark>', html)
    assert [(text, covering) for _, covering, text in marks] == [
        ("Zero One ", "0 2"), ("Wanwu", "0 1 2"), (" trainiert", "1 2"), (" Modelle.", "2")]
    assert marks[1][0] == "hl sev-major multi"


def test_empty_and_out_of_range_spans_do_not_break_highlighting():
    text = "abc"
    findings = [{"code": "X", "severity": "minor", "message": "m", "start": 1, "end": 1},
                {"code": "Y", "severity": "major", "message": "m", "start": 2, "end": 9},
                {"code": "Z", "severity": "major", "message": "m", "start": None, "end": None}]
    html = highlight(text, findings)
    assert html == 'a<mark class="hl sev-minor empty" data-f="0" title="X minor: m">\u2038</mark>bc'


def test_every_row_is_present_with_its_status_and_columns(page):
    doc = Elements(page)
    assert [a["id"] for a in doc.rows()] == [f"r-{r['id']}" for r in _rows()]
    assert [a["data-status"] for a in doc.rows()] == [r["status"] for r in _rows()]
    assert "boilerplate" in doc.rows()[0]["class"].split()
    assert doc.first("tr", id="r-en:2")["class"].split()[:2] == ["row", "kind-unaligned"]
    assert page.count('class="unaligned"') == 2
    assert [a["data-lang"] for t, a in doc.elements if t == "th" and "data-lang" in a] == ["en", "fr"]
    assert doc.title == TITLE
    assert re.search(r'id="count-critical">1<', page) and re.search(r'id="count-review">2<', page)
    bins = [int(a["data-count"]) for t, a in doc.elements if t == "rect"]
    assert len(bins) == 10 and sum(bins) == 5 and bins[0] == 2 and bins[9] == 1 and bins[6] == 1 and bins[3] == 1


def test_output_is_deterministic(page):
    assert render_html(copy.deepcopy(_rows()), copy.deepcopy(_summary()), TITLE) == page


def test_empty_report_renders():
    html = render_html([], {}, "empty")
    assert "<tbody>" in html and 'id="r-' not in html


# ---------------------------------------------------------------------------------------------
# Headless Chromium

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install -y chromium)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--window-size=1400,1800"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, page) -> Path:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(page, encoding="utf-8")
    return path


def _chromium(page_file: Path, tmp_path: Path, fragment: str, *extra: str) -> subprocess.CompletedProcess:
    url = page_file.as_uri() + (f"#{fragment}" if fragment else "")
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *extra, url],
                          capture_output=True, text=True, timeout=60)


def _dom(page_file: Path, tmp_path: Path, fragment: str = "") -> Elements:
    done = _chromium(page_file, tmp_path, fragment, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    doc = Elements(done.stdout)
    body = doc.first("body")
    assert body.get("data-ready") == "1", "the page script did not finish"
    errors = doc.first("pre", id="js-errors")
    assert errors["data-count"] == "0", done.stdout[done.stdout.find('id="js-errors"'):][:500]
    assert doc.title == TITLE, "the document title changed: injected markup ran"
    return doc


@needs_chromium
def test_browser_runs_the_page_without_errors_and_injected_markup_stays_text(page_file, tmp_path):
    doc = _dom(page_file, tmp_path)
    assert doc.visible_ids() == [r["id"] for r in _rows()]
    assert not any(t == "img" for t, _ in doc.elements)
    assert sum(1 for t, _ in doc.elements if t == "script") == 2
    assert doc.first("table", id="sentences")["data-shown"] == str(len(_rows()))


@needs_chromium
def test_browser_filters_by_status_severity_and_category(page_file, tmp_path):
    assert _dom(page_file, tmp_path, "status=critical").visible_ids() == ["de:1"]
    assert _dom(page_file, tmp_path, "status=review,critical&severity=minor").visible_ids() == ["de:3", "de:4"]
    assert _dom(page_file, tmp_path, "category=terminology&boilerplate=0").visible_ids() == ["de:3"]


@needs_chromium
def test_browser_hides_version_columns_and_sorts_by_risk(page_file, tmp_path):
    doc = _dom(page_file, tmp_path, "lang=fr&sort=risk&boilerplate=0")
    assert doc.visible_ids() == ["de:1", "de:3", "de:4", "de:2", "fr:4"]
    cells = [a for t, a in doc.elements if t in ("td", "th") and "data-lang" in a]
    assert cells and all(("hidden" in a["class"].split()) == (a["data-lang"] == "en") for a in cells)
    assert doc.first("button", id="sort-toggle")["data-sort"] == "risk"


@needs_chromium
def test_browser_keyboard_moves_between_flagged_sentences(page_file, tmp_path):
    doc = _dom(page_file, tmp_path, "keys=jj")
    assert doc.first("table", id="sentences")["data-focused"] == "r-de:3"
    assert [a["id"] for a in doc.rows() if "focused" in a["class"].split()] == ["r-de:3"]
    doc = _dom(page_file, tmp_path, "keys=jjjjnk")  # clamps at the last flagged row, then one back
    assert doc.first("table", id="sentences")["data-focused"] == "r-de:3"
    doc = _dom(page_file, tmp_path, "sort=risk&keys=p")  # previous from nowhere: the last flagged in view
    assert doc.first("table", id="sentences")["data-focused"] == "r-de:4"


@needs_chromium
def test_browser_screenshot(page_file, tmp_path):
    shot = tmp_path / "page.png"
    done = _chromium(page_file, tmp_path, "", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a blank page is a few KB


SEED_REPORT = Path(__file__).resolve().parent.parent / "reports" / "seed-article"


@needs_chromium
def test_seed_report_shows_its_findings_and_filters_in_the_browser(tmp_path):
    rows = [json.loads(line) for line in (SEED_REPORT / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    summary = json.loads((SEED_REPORT / "summary.json").read_text(encoding="utf-8"))
    page = tmp_path / "seed.html"
    page.write_text(render_html(rows, summary, "seed"), encoding="utf-8")
    url = page.as_uri()
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", url + "#status=critical"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    doc = Elements(done.stdout)
    assert doc.first("pre", id="js-errors")["data-count"] == "0"
    critical = [r["id"] for r in rows if r["kind"] == "target" and r["status"] == "critical"]
    assert critical and doc.visible_ids() == critical
    assert "Wall Street Times</mark>" in done.stdout  # the finding is highlighted at its span


def test_estimated_quality_is_shown_where_the_row_has_one():
    rows = _rows()
    rows[0]["quality"] = 0.314
    html = render_html(rows, _summary(), TITLE)
    assert html.count('class="quality"') == 1 and ">quality 0.31</div>" in html  # labelled, not a bare "q"


# ---------------------------------------------------------------------------------------------
# What a reviewer sees first


def _gate_summary(failures: dict) -> dict:
    return {**_summary(), "gate": {"passed": False, "settings": "fail-on critical", "failures": failures}}


def test_gate_line_reads_as_text_with_ids_linked_to_their_rows():
    failures = {"de:1": ["MTQA101 critical: The English says 'Wall Street Journal', the German 'Wall Street Times'."],
                "de:3": ["MTQA102 major: first reason.", "MTQA201 minor: second reason."]}
    html = render_html(_rows(), _gate_summary(failures), TITLE)
    gate = html[html.index('<p class="gate">'):html.index("</ul>", html.index('<p class="gate">'))]
    assert not re.search(r"\[(&#x27;|&quot;|')", gate), "Python list syntax in the gate line"
    for row_id in failures:
        assert f'<a class="rowlink" href="#r-{row_id}">{row_id}</a>' in gate
        assert f'id="r-{row_id}"' in html  # the link has a target
    assert "failed</b> for 2 sentences" in gate and "(and 1 more)" in gate


def test_row_links_percent_encode_unit_ids_from_translation_files():
    rows = [_row(0, "Öffnen", "review", 0.6, [_finding("Öffnen", "Öffnen", "MTQA502", "major", "fluency")])]
    rows[0]["id"] = "de:menu|Open file"
    html = render_html(rows, _gate_summary({"de:menu|Open file": ["MTQA502 major: x."]}), TITLE)
    assert 'href="#r-de:menu|Open%20file">de:menu|Open file</a>' in html and 'id="r-de:menu|Open file"' in html


def test_findings_lead_with_the_reason_and_label_their_numbers():
    text = "Die Wall Street Times berichtet."
    finding = {**_finding(text, "Wall Street Times"), "reason": "The English says 'Wall Street Journal'.",
               "codes": ["MTQA101", "MTQA102"], "evidence": {"en": "Wall Street Journal"}}
    row = _row(0, text, "critical", 0.9, [finding], {"en": _version("The Wall Street Journal reports.", [0])})
    row["quality"] = 0.56
    html = render_html([row], _summary(), TITLE)
    item = html[html.index('<li class="finding'):html.index("</li>", html.index('<li class="finding'))]
    assert item.index('class="reason"') < item.index('class="detail"')
    assert "MTQA101 + MTQA102" in html and "confidence 0.90" in html
    assert ">quality 0.56<" in html and ">risk 0.90<" in html
    assert "similarity 0.70" in html and "alignment confidence 0.80" in html
    assert not re.search(r">\s*(q|sim|conf) \d", html), "an unlabelled number"


def test_evidence_is_highlighted_in_the_versions_too():
    text = "Die Wall Street Times meldet 1.300 Stellen."
    findings = [{**_finding(text, "Wall Street Times"), "evidence": {"en": "Wall Street Journal", "fr": "WSJ"}},
                {**_finding(text, "1.300", "MTQA301"), "evidence": {"en": "1,200", "fr": "1 200"}},
                {**_finding(text, "Stellen", "MTQA403", "minor"), "evidence": {"en": "z=-3.1"}}]
    versions = {"en": _version("The Wall Street Journal reports 1,200 jobs in 2012.", [0]),
                "fr": _version("Le WSJ annonce 1 200 emplois.", [0])}
    html = render_html([_row(0, text, "critical", 0.9, findings, versions)], _summary(), TITLE)
    marked = re.findall(r'<mark class="ev sev-(\w+)[^"]*"[^>]*>([^<]*)</mark>', html)
    assert sorted(marked) == sorted([("critical", "Wall Street Journal"), ("critical", "1,200"),
                                     ("critical", "WSJ"), ("critical", "1 200")])


def test_the_page_opens_with_the_flagged_sentences_and_ends_with_the_details(page):
    overview, table, details = (page.index('id="overview"'), page.index('id="sentences"'), page.index('id="summary"'))
    assert overview < table < details
    assert overview < page.index('id="flagged"') < table
    assert table < page.index('id="signature"') and table < page.index('id="codes"')
    flagged = re.findall(r'<tr class="frow[^"]*"><td class="fid"><a class="rowlink" href="#r-([^"]+)"', page)
    assert flagged == [r["id"] for r in _rows() if r["kind"] == "target" and r["status"] in ("review", "critical")]


def test_css_names_a_cjk_font_before_the_generic_family():
    css = render_html(_rows(), _summary(), TITLE).split("<style>")[1].split("</style>")[0]
    stack = re.search(r"body\{font:[^;}]*", css).group(0)
    assert re.search(r'"(Noto Sans CJK \w+|WenQuanYi [\w ]+|Source Han Sans \w+)"', stack)
    assert stack.rstrip().endswith("sans-serif")


ARTEFACTS = Path(__file__).resolve().parent.parent / "test-artefacts"


def _long_report() -> list[dict]:
    """Forty ok sentences, then the flagged ones: in document order they are far below the fold."""
    rows = [_row(k, f"Ein ganz gewöhnlicher Satz Nummer {k}, der nichts Auffälliges enthält.",
                 versions={"en": _version(f"An ordinary sentence number {k}.", [k])}) for k in range(40)]
    for k in range(40, 44):
        text = f"Die Wall Street Times meldet Satz {k}."
        rows.append(_row(k, text, "critical", 0.9, [_finding(text, "Wall Street Times")],
                         {"en": _version("The Wall Street Journal reports.", [k])}))
    return rows


def _with_probe(page: str, probe: str) -> str:
    """The page plus a measuring script, allowed by adding its hash to the page's CSP (test only)."""
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(probe.encode()).digest()).decode() + "'"
    return page.replace("script-src ", f"script-src {digest} ", 1).replace("</body>", f"<script>{probe}</script></body>")


FIRST_SCREEN_PROBE = """
var first=document.querySelector('#flagged tr.frow');
var b=document.body;
if(first){
  var box=first.getBoundingClientRect();
  b.setAttribute('data-first-top',String(Math.round(box.top)));
  b.setAttribute('data-first-bottom',String(Math.round(box.bottom)));
  b.setAttribute('data-viewport',String(window.innerHeight));
  first.querySelector('a').click();
  var row=document.getElementById(decodeURIComponent(first.querySelector('a').getAttribute('href').slice(1)));
  var r=row.getBoundingClientRect();
  b.setAttribute('data-row-top',String(Math.round(r.top)));
  b.setAttribute('data-row-id',row.id);
}
"""


@needs_chromium
def test_browser_first_screen_shows_the_flagged_sentences_at_1400x900(tmp_path):
    rows = _long_report()
    html = render_html(rows, _gate_summary({"de:40": ["MTQA101 critical: x."]}), TITLE)
    page = tmp_path / "long.html"
    page.write_text(_with_probe(html, FIRST_SCREEN_PROBE), encoding="utf-8")
    small = [f for f in FLAGS if not f.startswith("--window-size")] + ["--window-size=1400,900"]
    done = subprocess.run([CHROMIUM, *small, f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    body = Elements(done.stdout).first("body")
    assert body.get("data-ready") == "1"
    assert "data-first-top" in body, "no flagged sentence at the top of the page"
    viewport = int(body["data-viewport"])
    assert 0 <= int(body["data-first-top"]) and int(body["data-first-bottom"]) <= viewport <= 900
    # its link brings the sentence's row into view
    assert body["data-row-id"] == "r-de:40" and 0 <= int(body["data-row-top"]) < viewport
    ARTEFACTS.mkdir(exist_ok=True)
    shot = ARTEFACTS / "first-screen-1400x900.png"
    page.write_text(html, encoding="utf-8")
    done = subprocess.run([CHROMIUM, *small, f"--user-data-dir={tmp_path / 'profile2'}", f"--screenshot={shot}",
                           page.as_uri()], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(data[16:20], "big") == 1400
    assert int.from_bytes(data[20:24], "big") == 900


@needs_chromium
def test_browser_code_filter_finds_a_merged_finding_by_any_of_its_checks(tmp_path):
    text = "Die Wall Street Times berichtet."
    merged = {**_finding(text, "Wall Street Times"), "codes": ["MTQA101", "MTQA102"]}
    rows = [_row(0, text, "critical", 0.9, [merged]), _row(1, "Ein Satz.")]
    page = tmp_path / "merged.html"
    page.write_text(render_html(rows, _summary(), TITLE), encoding="utf-8")
    assert _dom(page, tmp_path, "code=MTQA102").visible_ids() == ["de:0"]
    assert _dom(page, tmp_path, "code=MTQA101").visible_ids() == ["de:0"]


def test_a_long_gate_list_quotes_a_few_reasons_and_links_the_rest():
    from mtqa.report.html import GATE_SHOWN

    failures = {f"de:{k}": [f"MTQA301 critical: reason {k}."] for k in range(GATE_SHOWN + 7)}
    html = render_html(_rows(), _gate_summary(failures), TITLE)
    gate = html[html.index('<p class="gate">'):html.index("</ul>", html.index('<p class="gate">'))]
    assert gate.count("reason ") == GATE_SHOWN and "and 7 more: " in gate
    assert all(f'href="#r-{row_id}"' in gate for row_id in failures)
