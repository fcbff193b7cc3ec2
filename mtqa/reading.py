"""From a file (or text) to a ``Document``: decode, cut into paragraphs and sentences, mark boilerplate."""

from __future__ import annotations

from pathlib import Path

from mtqa.boilerplate import boilerplate_reason
from mtqa.documents import Document, Sentence
from mtqa.errors import InputError
from mtqa.io.plaintext import is_markdown_path, markdown_content_span, read_text, split_paragraphs
from mtqa.langid import base_language, check_declared_language, lang_from_filename
from mtqa.segcache import paragraph_sentences


def document_from_text(text: str, lang: str, path: str | None = None, markdown: bool = False,
                       presegmented: bool = False) -> Document:
    """Segment ``text``; with ``presegmented`` every line is one sentence (and paragraph) of its own.

    Presegmented blank lines stay sentences (with empty text), so sentence ``i`` is always line ``i``.
    """
    lang = base_language(lang)
    sentences: list[Sentence] = []
    if presegmented:
        offset = 0
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line does not start another
        for number, line in enumerate(lines):
            stripped = line.strip()
            start = offset + (line.index(stripped) if stripped else 0)
            sentences.append(Sentence(number, number, stripped, start, start + len(stripped)))
            offset += len(line) + 1
        return Document(lang, text, sentences, path)
    paragraphs = [_markdown_content(text, a, b) if markdown else (a, b) for a, b in split_paragraphs(text, markdown=markdown)]
    all_spans = paragraph_sentences([text[a:b] for a, b in paragraphs], lang)
    for paragraph, ((p_start, p_end), spans) in enumerate(zip(paragraphs, all_spans)):
        for s_start, s_end in spans:
            start, end = p_start + s_start, p_start + s_end
            sentence_text = text[start:end]
            reason = boilerplate_reason(sentence_text, lang, paragraph_sentence_count=len(spans))
            sentences.append(Sentence(len(sentences), paragraph, sentence_text, start, end, reason))
    return Document(lang, text, sentences, path)


def _markdown_content(text: str, start: int, end: int) -> tuple[int, int]:
    content_start, content_end = markdown_content_span(text, start, end)
    # Markup with no content (a bare "#") stays a sentence of its own rather than vanishing.
    return (content_start, content_end) if content_end > content_start else (start, end)


def read_document(path: str | Path, lang: str | None = None, presegmented: bool = False,
                  check_language: bool = True, encoding: str | None = None) -> Document:
    """Read and segment one file; the language comes from ``lang`` or the file name.

    ``encoding`` names the file's encoding; without it the file must be UTF-8 or carry a byte-order mark.
    """
    read_warnings: list[str] = []
    text = read_text(path, encoding, read_warnings)
    lang = lang or lang_from_filename(path)
    if not lang:
        raise InputError("cannot tell the language from the file name; name it like de.txt", path)
    document = document_from_text(text, lang, str(path), markdown=is_markdown_path(path),
                                  presegmented=presegmented)
    if not any(s.text for s in document.sentences):
        raise InputError("contains no sentences", path)
    document.warnings.extend(read_warnings)
    if check_language:
        content = " ".join(s.text for s in document.sentences if not s.boilerplate)
        warning = check_declared_language(content or text, document.lang)
        if warning:
            document.warnings.append(warning)
    if all(s.boilerplate for s in document.sentences):
        document.warnings.append("contains only boilerplate (menus, datelines, credits), no article content")
    return document
