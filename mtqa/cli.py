"""The ``mtqa`` command line: parse options, call ``mtqa.api``, write reports, set the exit status.

Exit status: 0 success; 1 the quality gate (``--fail-on``, ``--max-risk``) failed; 2 a usage or
input error (one line on stderr naming the file and the problem); 130 interrupted.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from mtqa.errors import InputError
from mtqa.langid import language_code
from mtqa.safetext import printable
from mtqa.wording import plural

# rich_markup_mode=None: plain help text, so "[default: ...]" and "'mtqa[mt]'" are shown as written
# instead of being read as Rich markup and dropped.
app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                  help="Cross-lingual machine-translation quality checks, offline.")

EXIT_GATE_FAILED = 1
EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130
ENCODING_HELP = ("Encoding of the plain-text inputs, e.g. cp1252 or latin-1 "
                 "[default: UTF-8, or UTF-16/32 with a byte-order mark; never guessed].")


def default_cache_dir() -> str:
    return os.environ.get("MTQA_CACHE_DIR") or str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "mtqa")


def _show_version(value: bool) -> None:
    if value:
        from mtqa import __version__

        typer.echo(f"mtqa {__version__}")
        raise typer.Exit()


@app.callback()
def _main_options(
    version: Annotated[bool, typer.Option("--version", help="Print mtqa's version and exit.", callback=_show_version,
                                          is_eager=True)] = False,
) -> None:
    """Cross-lingual machine-translation quality checks, offline."""


def _say(line: str) -> None:
    """One line on stderr, control characters in it escaped (it may quote a file name)."""
    typer.echo(printable(line), err=True)


def _fail(error: InputError) -> None:
    _say(f"mtqa: error: {error}")
    raise typer.Exit(EXIT_INPUT_ERROR)


@contextmanager
def _silenced(quiet: bool) -> Iterator[None]:
    """With ``--quiet``, no warning from a library either (wordfreq's "Using the nearest match"
    is a logging warning, others use ``warnings``); mtqa's own errors do not go through either."""
    if not quiet:
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        logging.disable(logging.CRITICAL)
        try:
            yield
        finally:
            logging.disable(logging.NOTSET)


def _language(value: str | None, option: str) -> str | None:
    """A language option's value, checked here once so that no bad code reaches a check or a scorer."""
    if value is None:
        return None
    if language_code(value.strip()) is None:
        raise InputError(f"{option} '{value}' is not a language code; use an ISO 639 code such as de, en or zh-CN")
    return value.strip()


def _versions(values: list[str]) -> tuple[list[Path], dict[Path, str]]:
    """Version files from ``FILE`` or ``LANG=FILE`` values, and the languages given for them."""
    from mtqa.batch import version_file

    files: list[Path] = []
    languages: dict[Path, str] = {}
    for value in values:
        file, lang = version_file(value, Path("."))
        if lang is not None:
            languages[file] = _language(lang, f"--version {value}:")
        files.append(file)
    return files, languages


def _encoding(name: str | None) -> str | None:
    from mtqa.io.plaintext import check_encoding

    return check_encoding(name.strip()) if name else None


def _qe_model(name: str) -> str:
    from mtqa.qe import QE_MODELS

    key = name.strip().lower()
    if key not in QE_MODELS:
        raise InputError(f"--qe must be one of {', '.join(QE_MODELS)}, not '{name}'")
    return key


@app.command()
def check(
    path: Annotated[Path, typer.Argument(help="A corpus folder (<lang>.txt files), the target text file, a translation file (XLIFF, TMX, PO, bilingual CSV/TSV), a folder of corpus folders (with --recursive) or a manifest CSV of documents.")],
    version: Annotated[Optional[list[str]], typer.Option("--version", "-v", metavar="[LANG=]FILE", help="Another-language version of the target (repeatable): FILE, its language taken from the file name (en.txt), or LANG=FILE (en=notes.txt).")] = None,
    target_lang: Annotated[Optional[str], typer.Option(help="Language of the target text [default: from its file name; 'de' for a corpus folder].")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Report folder [default: reports/<corpus name>/].")] = None,
    encoder: Annotated[str, typer.Option(help="Sentence encoder: auto, use, e5 or st:PATH (a local sentence-transformers model).")] = "auto",
    second_opinion: Annotated[bool, typer.Option(help="Also score each aligned unit with e5 and show it in the report (column similarity_second; no check uses it, and it is the slowest stage on a new document).")] = False,
    qe: Annotated[str, typer.Option(help="QE model for each sentence's quality (row 'quality', rules MTQA701/702): qe, the cross-encoder, or qe-fast, the feature model (about ten times faster, much weaker).")] = "qe",
    no_qe: Annotated[bool, typer.Option("--no-qe", help="No quality estimation (no 'quality', no MTQA701/702).")] = False,
    back_translation: Annotated[Optional[list[str]], typer.Option("--back-translation", help="[LANG=]DIR: back-translate each sentence with a local Marian/NLLB model and compare it with the version(s) by chrF and BLEU (pip install 'mtqa[mt]').")] = None,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Embedding cache folder [default: $MTQA_CACHE_DIR or ~/.cache/mtqa].")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not read or write the embedding cache.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    select: Annotated[Optional[list[str]], typer.Option(help="Run only rules whose code starts with these (comma-separated or repeated), e.g. MTQA1,MTQA301.")] = None,
    ignore: Annotated[Optional[list[str]], typer.Option(help="Skip rules whose code starts with these.")] = None,
    config: Annotated[Optional[Path], typer.Option(help="Settings file [default: ./mtqa.toml or [tool.mtqa] in ./pyproject.toml].")] = None,
    glossary: Annotated[Optional[list[Path]], typer.Option(help="A CSV glossary of required renderings (repeatable); see the README.")] = None,
    fail_on: Annotated[Optional[str], typer.Option(help="Exit with status 1 if any finding is this severe or worse: critical, major or minor.")] = None,
    max_risk: Annotated[Optional[float], typer.Option(help="Exit with status 1 if any sentence's risk is above this (0..1).")] = None,
    formats: Annotated[Optional[list[str]], typer.Option("--format", help="Report files to write (comma-separated or repeated): jsonl, csv, json, md, junit, xlsx, html [default: all].")] = None,
    source_lang: Annotated[Optional[str], typer.Option(help="Source language of a bilingual CSV/TSV without language columns.")] = None,
    xliff_out: Annotated[Optional[Path], typer.Option(help="For an XLIFF input: write a copy with the findings as ITS 2.0 Localization Quality Issue annotations.")] = None,
    baseline: Annotated[Optional[Path], typer.Option(help="Suppress the findings recorded in this baseline file (see 'mtqa baseline'); report only new ones.")] = None,
    aligned: Annotated[bool, typer.Option("--aligned", help="Line i of every file is one translation unit: no segmentation, no alignment; blank lines are skipped.")] = False,
    encoding: Annotated[Optional[str], typer.Option(help=ENCODING_HELP)] = None,
    recursive: Annotated[bool, typer.Option("--recursive", "-r", help="Check every corpus folder at or below PATH, each into its own report folder below the run's (-o), with index.html, index.jsonl and summary.json for the run.")] = False,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Check the documents of a run on a local Dask cluster of this many worker processes.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(metavar="ADDRESS", help="Check the documents of a run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")] = None,
    no_resume: Annotated[bool, typer.Option("--no-resume", help="Check every document of a run again, also those whose inputs and settings are unchanged since their report.")] = False,
) -> None:
    """Align a target text with its other-language versions, run the checks, write a per-sentence report.

    Many documents: 'mtqa check docs/ --recursive' checks every corpus folder below docs/, and
    'mtqa check manifest.csv' every row of a manifest, a CSV file with the header
    target,versions,target_lang,source_lang,name (only target is required): target is a corpus
    folder, a target text or a translation file; versions are the target's version files, separated
    by ';', each FILE or LANG=FILE; name is the document's report folder below the run's [default:
    the target's path]. Paths are relative to the manifest. A document whose input is bad is listed
    with its error in the run's index and the run goes on (exit status 2 at the end); a rerun skips
    the documents whose inputs and settings are unchanged.
    """
    from mtqa.config import load_config
    from mtqa.pipeline import CheckRequest, run_check

    try:
        if fail_on is not None and fail_on not in ("critical", "major", "minor"):
            raise InputError(f"--fail-on must be critical, major or minor, not '{fail_on}'")
        if max_risk is not None and not 0.0 <= max_risk <= 1.0:
            raise InputError(f"--max-risk must be between 0 and 1, not {max_risk:g}")
        chosen = _formats(formats)
        target_lang, source_lang = _language(target_lang, "--target-lang"), _language(source_lang, "--source-lang")
        version_files, version_langs = _versions(version or [])
        encoding = _encoding(encoding)
        settings = load_config(config)
        if select is not None:
            settings.select = _codes(select, "--select")
        if ignore:
            settings.ignore = settings.ignore + _codes(ignore, "--ignore")
        settings.glossary_files += [str(g) for g in glossary or []]
        with _silenced(quiet):
            request = CheckRequest(
                path, tuple(version_files), version_langs, target_lang=target_lang, source_lang=source_lang,
                encoding=encoding, aligned=aligned, encoder=encoder, second_opinion=second_opinion,
                quality_estimation=None if no_qe else _qe_model(qe), back_translation=tuple(back_translation or ()),
                cache_dir=None if no_cache else str(cache_dir or default_cache_dir()), config=settings,
                baseline=baseline, fail_on=fail_on, max_risk=max_risk, output=output, formats=tuple(chosen) if chosen else None,
                xliff_out=xliff_out, quiet=quiet)
            warn = (lambda message: None) if quiet else (lambda message: _say(f"mtqa: warning: {message}"))
            many = _many_documents(path, recursive, version_files, xliff_out, workers or scheduler)
            if many:
                from mtqa.batchrun import BatchRequest, run_batch

                run = run_batch(BatchRequest(request, recursive, workers, scheduler, resume=not no_resume), warn)
            else:
                report_dir, summary, gate = run_check(request, warn=warn)
    except InputError as error:
        _fail(error)
    if many:
        _finish_run(run, quiet)
    if not quiet:
        typer.echo(f"{summary}\nreport written to {printable(str(report_dir))}/")
    if not gate.passed:
        failing = ", ".join(list(gate.failures)[:10]) + (" ..." if len(gate.failures) > 10 else "")
        _say(f"mtqa: gate failed ({gate.settings}): {plural(len(gate.failures), 'sentence')}: {failing}")
        raise typer.Exit(EXIT_GATE_FAILED)


def _many_documents(path: Path, recursive: bool, versions: list[Path], xliff_out: Path | None,
                    cluster: object) -> bool:
    """Whether ``mtqa check`` is given many documents (a folder with ``--recursive``, a manifest), and
    whether the options fit that."""
    from mtqa.batch import is_manifest

    many = recursive or is_manifest(path)
    if many and versions:
        raise InputError("--version is for one document; a manifest gives each document's versions", path)
    if many and xliff_out:
        raise InputError("--xliff-out is for one document, not a run of many", path)
    if cluster and not many:
        raise InputError("--workers and --scheduler are for many documents: a folder with --recursive, or a manifest",
                         path)
    return many


def _finish_run(run, quiet: bool) -> None:
    """Report a run of many documents; exit 2 if any input was bad, else 1 if the gate failed."""
    from mtqa.runindex import summary_line

    summary = run.summary
    if not quiet:
        skipped = f"; {run.skipped} unchanged since their reports, not checked again" if run.skipped else ""
        typer.echo(f"{summary_line(summary)}{skipped}\nindex written to {printable(str(run.folder))}/index.html")
    for item in summary["input_errors"]:
        _say(f"mtqa: error: {item['error']}")
    failing = [e for e in run.entries if e["gate"] is not None and not e["gate"]["passed"]]
    if failing:
        shown = ", ".join(f"{e['document']} ({plural(e['gate']['failing_sentences'], 'sentence')})"
                          for e in failing[:10]) + (" ..." if len(failing) > 10 else "")
        _say(f"mtqa: gate failed ({summary['gate']['settings']}): {plural(len(failing), 'document')}: {shown}")
    if summary["input_errors"]:
        raise typer.Exit(EXIT_INPUT_ERROR)
    raise typer.Exit(EXIT_GATE_FAILED if failing else 0)


def _formats(values: list[str] | None) -> list[str] | None:
    """Report formats from repeated and/or comma-separated options; unknown names are an error."""
    from mtqa.pipeline import REPORT_FORMATS

    if not values:
        return None
    names = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    for name in names:
        if name not in REPORT_FORMATS:
            raise InputError(f"unknown report format '{name}' (choose from {', '.join(REPORT_FORMATS)})")
    return list(dict.fromkeys(names))


def _codes(values: list[str], option: str) -> list[str]:
    """Rule-code prefixes from repeated and/or comma-separated options; unknown or no prefixes are an error."""
    from mtqa.config import rule_prefixes

    return rule_prefixes([part for value in values for part in value.split(",") if part.strip()], option)


@app.command()
def rules(
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List every check: code, name, default severity, MQM category and summary."""
    from mtqa.checks import all_rules

    from mtqa.config import OPT_IN_RULES

    registry = all_rules()
    if json_output:
        import json

        typer.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "category": r.category,
                                "summary": r.summary, "default": "off" if r.code in OPT_IN_RULES else "on"}
                               for r in registry.values()], indent=2, ensure_ascii=False))
        return
    for r in registry.values():
        off = f" (off by default: --select MTQA,{r.code})" if r.code in OPT_IN_RULES else ""
        typer.echo(f"{r.code}  {r.name:<32} {r.severity:<8} {r.category:<26} {r.summary}{off}")


@app.command("rule")
def rule_doc(code: Annotated[str, typer.Argument(help="A rule code, e.g. MTQA101.")]) -> None:
    """Show one check's documentation: what it does, why it matters, an example."""
    from mtqa.checks import all_rules

    found = all_rules().get(code.strip().upper())
    if found is None:
        _fail(InputError(f"unknown rule code '{code}' (see 'mtqa rules')"))
    from mtqa.checks.base import SEVERITY_POLICY

    from mtqa.config import OPT_IN_RULES

    default = (f"Off by default: it runs when selected by its code (--select MTQA,{found.code}, or select = "
               f'["MTQA", "{found.code}"] in the settings)\n') if found.code in OPT_IN_RULES else ""
    typer.echo(f"{found.code} {found.name}\n\nSeverity: {found.severity} ({SEVERITY_POLICY[found.severity]})\n"
               f"Category: {found.category}\n{default}\n"
               f"What it does\n  {found.summary}\n\nWhy it matters\n  {found.why}\n\nExample\n  {found.example}")


@app.command("baseline")
def baseline_command(
    report: Annotated[Optional[Path], typer.Argument(help="A report folder from 'mtqa check' whose findings are all accepted.")] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The baseline file to create or extend.")] = Path("mtqa-baseline.json"),
    decisions: Annotated[Optional[list[Path]], typer.Option("--decisions", help="Reviewer decisions to apply: a reviewed sentences.xlsx or a JSON file (repeatable).")] = None,
) -> None:
    """Record accepted findings so that 'mtqa check --baseline FILE' reports only new ones."""
    from mtqa.pipeline import run_baseline

    if report is None and not decisions:
        _fail(InputError("give a report folder, --decisions FILE, or both"))
    try:
        typer.echo(run_baseline(report, output, decisions or []))
    except InputError as error:
        _fail(error)


@app.command()
def score(
    source: Annotated[Path, typer.Option("--source", "-s", help="Source text, one segment per line.")],
    translation: Annotated[Path, typer.Option("--translation", "-t", help="Translation, line-aligned with the source.")],
    src_lang: Annotated[Optional[str], typer.Option(help="Source language [default: from its file name].")] = None,
    tgt_lang: Annotated[Optional[str], typer.Option(help="Translation language [default: from its file name].")] = None,
    scorer: Annotated[str, typer.Option(help="Quality-estimation scorer: qe (the shipped cross-encoder), qe-fast (the shipped feature model), cosine, cosine-use, cosine-e5, comet:MODEL or backtranslation:DIR.")] = "qe",
    raw: Annotated[bool, typer.Option("--raw", help="Print the model's raw score instead of the calibrated 0..1 quality (scorers qe, qe-fast).")] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    cache_dir: Annotated[Optional[Path], typer.Option(help="Embedding cache folder [default: $MTQA_CACHE_DIR or ~/.cache/mtqa].")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
    encoding: Annotated[Optional[str], typer.Option(help=ENCODING_HELP)] = None,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Score the chunks of lines on a local Dask cluster of this many worker processes.")] = None,
    scheduler: Annotated[Optional[str], typer.Option(metavar="ADDRESS", help="Score the chunks of lines on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786).")] = None,
) -> None:
    """Score each translated line without a reference (quality estimation); print one score per segment and the system mean.

    The files are read, scored and written a chunk of lines at a time, so memory does not grow with
    their length; with --workers or --scheduler the chunks are scored on a Dask cluster, in order.
    """
    from contextlib import nullcontext

    from mtqa import __version__
    from mtqa.io.lines import count_lines
    from mtqa.langid import lang_from_filename
    from mtqa.scoring import ScoreJob, line_chunks, scored_chunks, scorer_for, write_json, write_text
    from mtqa.signature import format_signature

    try:
        languages = []
        for given, path, option in ((src_lang, source, "--src-lang"), (tgt_lang, translation, "--tgt-lang")):
            language = _language(given, option) or lang_from_filename(path)
            if not language:
                raise InputError(f"cannot tell its language from the file name; give {option}", path)
            languages.append(language)
        encoding = _encoding(encoding)
        lines = [count_lines(path, encoding) for path in (source, translation)]  # every decoding error, now
        if lines[0] != lines[1]:
            raise InputError(f"{source} has {plural(lines[0], 'line')} but {translation} has {lines[1]}; "
                             "the files must be line-aligned (one segment per line)")
        job = ScoreJob(scorer, None if no_cache else str(cache_dir or default_cache_dir()), languages[0], languages[1], raw)
        chosen = scorer_for(job.scorer, job.cache_dir)
        calibrated = not raw and getattr(chosen, "quality", None) is not None
        if workers or scheduler:
            from mtqa.cluster import dask_client

            cluster = dask_client(workers, scheduler, quiet=True)
        else:
            cluster = nullcontext()
        with cluster as client:
            chunks = scored_chunks(job, line_chunks(source, translation, encoding), client)
            if json_output:
                def signature(encoder: str | None) -> str:
                    return format_signature({"mtqa": __version__, "scorer": chosen.name, "enc": encoder or "none",
                                             "src": languages[0], "tgt": languages[1],
                                             "value": "quality" if calibrated else "raw"})

                write_json(chunks, sys.stdout, signature, with_raw=calibrated)
            else:
                write_text(chunks, sys.stdout)
    except InputError as error:
        _fail(error)


@app.command()
def align(
    source: Annotated[Path, typer.Argument(help="First text.")],
    target: Annotated[Path, typer.Argument(help="Second text.")],
    presegmented: Annotated[bool, typer.Option(help="One sentence per line in both files; no segmentation.")] = False,
    src_lang: Annotated[Optional[str], typer.Option(help="Language of the first text [default: from its file name].")] = None,
    tgt_lang: Annotated[Optional[str], typer.Option(help="Language of the second text [default: from its file name].")] = None,
    encoder: Annotated[str, typer.Option(help="Sentence encoder: auto, use, e5 or st:PATH.")] = "auto",
    cache_dir: Annotated[Optional[Path], typer.Option(help="Embedding cache folder.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not use the embedding cache.")] = False,
    text: Annotated[bool, typer.Option("--text", help="Print the aligned sentences too (tab-separated).")] = False,
    encoding: Annotated[Optional[str], typer.Option(help=ENCODING_HELP)] = None,
) -> None:
    """Align two texts sentence by sentence; print one '[i,j]:[k]' line per unit (Vecalign's format)."""
    from mtqa.pipeline import run_align

    try:
        src_lang, tgt_lang = _language(src_lang, "--src-lang"), _language(tgt_lang, "--tgt-lang")
        lines = run_align(source, target, presegmented=presegmented, src_lang=src_lang, tgt_lang=tgt_lang,
                          encoder=encoder, cache_dir=None if no_cache else str(cache_dir or default_cache_dir()),
                          with_text=text, encoding=_encoding(encoding))
    except InputError as error:
        _fail(error)
    sys.stdout.write("".join(line + "\n" for line in lines))


def main() -> None:
    """Console entry point: usage errors become one ``mtqa: error:`` line and exit status 2."""
    try:
        status = app(standalone_mode=False)
    except KeyboardInterrupt:
        _interrupted()
    except Exception as error:  # Typer bundles its own click, so match click's errors by shape
        kind = type(error).__name__
        if kind == "NoArgsIsHelpError":
            typer.echo(error.ctx.get_help())
            sys.exit(0)
        if kind == "Abort":
            _interrupted()
        if getattr(error, "exit_code", None) == EXIT_INPUT_ERROR and hasattr(error, "format_message"):
            command = error.ctx.command_path if getattr(error, "ctx", None) else "mtqa"
            _say(f"mtqa: error: {error.format_message()} (see '{command} --help')")
            sys.exit(EXIT_INPUT_ERROR)
        raise
    if status == EXIT_INTERRUPTED:  # Typer turns Ctrl-C into this status without a word
        _interrupted()
    sys.exit(status if isinstance(status, int) else 0)


def _interrupted() -> None:
    typer.echo("mtqa: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    main()
