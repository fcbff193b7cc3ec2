"""Sentence splitting: one paragraph in, sentence spans (code-point offsets) out.

Which splitter runs depends on the language:

* ``de``, ``en``: SoMaJo (``de_CMC`` / ``en_PTB``), which knows ordinals, dates and
  abbreviations;
* ``zh``, ``ja``, ``yue`` and other CJK codes: the rules in this module (split after
  。！？!?．… runs, keeping the closing quotes and brackets that follow);
* everything else, unknown codes included: sentencex, followed by re-joining its common
  over-splits after abbreviations and ordinals (see ``_should_join``).

Whatever the splitter, the spans are made by cutting the original text at the boundaries it
found, so no character is ever dropped; each span is then trimmed of whitespace and capped at
``max_chars``. Long paragraphs are fed to the splitter in overlapping windows so that the cost
stays linear in the length of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mtqa.langid import base_language

if TYPE_CHECKING:
    from somajo import SoMaJo

Span = tuple[int, int]
# A splitter takes a piece of text whose whitespace is all plain spaces and returns the
# positions (0 < cut < len) where a new sentence starts.
CutFinder = Callable[[str], list[int]]

# Changes whenever this module's splitting rules change: the segmentation cache is named by it.
RULES_VERSION = 1
SOMAJO_MODELS = {"de": "de_CMC", "en": "en_PTB"}
CJK_LANGUAGES = frozenset({"zh", "ja", "yue", "wuu", "cmn", "lzh", "gan", "hak", "nan"})

# Characters per splitter call, and how much text must follow a boundary before it is
# trusted (a boundary found near the end of a window was decided without enough lookahead).
WINDOW_CHARS = 8000
LOOKAHEAD_CHARS = 200


def split_sentences(text: str, lang: str, max_chars: int = 2000) -> list[Span]:
    """Sentence spans (start, end) as code-point offsets into `text`.

    `text` is one paragraph; single newlines in it are treated as spaces. The spans are in
    order, do not overlap, carry no leading or trailing whitespace, are at most `max_chars`
    long, and together cover every non-whitespace character of `text`.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    if not text or text.isspace():
        return []
    base = base_language(lang)
    find_cuts = _cut_finder(base)
    plain = text.translate(_whitespace_to_space())
    cuts = _cuts_in_windows(plain, find_cuts)
    if base not in CJK_LANGUAGES:
        # Scripts that separate sentences with spaces never end one mid-token ("01.AI").
        cuts = [cut for cut in cuts if plain[cut - 1] == " "]
    spans = _pieces_between_cuts(text, cuts)
    return _cap_length(text, spans, max_chars)


def _cut_finder(base: str) -> CutFinder:
    if base in SOMAJO_MODELS:
        return functools.partial(_somajo_cuts, base)
    if base in CJK_LANGUAGES:
        return _cjk_cuts
    return functools.partial(_sentencex_cuts, base)


@functools.lru_cache(maxsize=1)
def _whitespace_to_space() -> dict[int, str]:
    # Same-length replacement, so offsets into the normalised text are offsets into `text`.
    # No code point above U+3000 (ideographic space) is whitespace.
    return {code: " " for code in range(0x3001) if chr(code).isspace()}


# --------------------------------------------------------------------------- windows


def _cuts_in_windows(text: str, find_cuts: CutFinder) -> list[int]:
    """Boundaries of the whole text, asking `find_cuts` about one window at a time."""
    cuts: list[int] = []
    start = 0
    while len(text) - start > WINDOW_CHARS:
        end = _last_space_at_or_before(text, start + WINDOW_CHARS, floor=start + WINDOW_CHARS // 2)
        window_cuts = _valid_cuts(find_cuts(text[start:end]), end - start)
        trusted = [start + cut for cut in window_cuts if start + cut <= end - LOOKAHEAD_CHARS]
        cuts.extend(trusted)
        if trusted:
            start = trusted[-1]
        else:
            # No boundary in this window: carry on from inside the same sentence. The
            # restart adds no boundary of its own.
            start = _last_space_at_or_before(text, end - LOOKAHEAD_CHARS, floor=start + 1)
    cuts.extend(start + cut for cut in _valid_cuts(find_cuts(text[start:]), len(text) - start))
    return cuts


def _last_space_at_or_before(text: str, limit: int, floor: int) -> int:
    """Index of the last space in text[floor:limit + 1], or `limit` if there is none."""
    found = text.rfind(" ", floor, limit + 1)
    return found if found >= 0 else limit


def _valid_cuts(cuts: list[int], length: int) -> list[int]:
    return sorted({cut for cut in cuts if 0 < cut < length})


def _pieces_between_cuts(text: str, cuts: list[int]) -> list[Span]:
    spans = []
    for start, end in zip([0, *cuts], [*cuts, len(text)]):
        span = _strip(text, start, end)
        if span is not None:
            spans.append(span)
    return spans


def _strip(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _cap_length(text: str, spans: list[Span], max_chars: int) -> list[Span]:
    """Cut spans longer than `max_chars` at the last whitespace before the limit."""
    capped: list[Span] = []
    for start, end in spans:
        while end - start > max_chars:
            limit = start + max_chars
            cut = limit
            # text[limit] being whitespace means the first max_chars characters end a word.
            while cut > start and not text[cut].isspace():
                cut -= 1
            if cut == start:
                cut = limit  # one unbroken run of characters: hard cut
            head = _strip(text, start, cut)
            if head is not None:
                capped.append(head)
            rest = _strip(text, cut, end)
            if rest is None:
                break
            start, end = rest
        else:
            capped.append((start, end))
    return capped


# --------------------------------------------------------------------------- SoMaJo (de, en)

# SoMaJo only ends a sentence at a token made of these characters (or an abbreviation
# ending in a full stop), so a window without any of them needs no tokenizing.
SOMAJO_SENTENCE_END_CHARS = frozenset(".!?…")


@functools.lru_cache(maxsize=None)
def _somajo_tokenizer(model: str) -> SoMaJo:
    from somajo import SoMaJo

    tokenizer = SoMaJo(model, split_sentences=True, character_offsets=True)
    _skip_emoji_search_without_emoji(getattr(tokenizer, "_tokenizer", None))
    return tokenizer


# Any character SoMaJo's emoji splitter looks for (its two per-grapheme patterns together).
_EMOJI_CHARACTER = r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]"


def _skip_emoji_search_without_emoji(tokenizer: Any) -> None:
    """Let SoMaJo's emoji splitter pass over tokens with no emoji character at once.

    It searches every grapheme of every token with a regular expression (half of SoMaJo's time on
    news text) and splits nothing where no character can match; one search of the whole token
    decides that, so the sentences are the same. Left as it is if SoMaJo's internals differ.
    """
    original = getattr(tokenizer, "_split_emojis", None)
    if original is None:
        return
    import regex

    emoji = regex.compile(_EMOJI_CHARACTER)

    def split_emojis(node: Any, token_class: str = "emoticon") -> None:
        if emoji.search(node.value.text):
            original(node, token_class)

    tokenizer._split_emojis = split_emojis


def _somajo_cuts(base: str, text: str) -> list[int]:
    if SOMAJO_SENTENCE_END_CHARS.isdisjoint(text):
        return []
    try:
        sentences = list(_somajo_tokenizer(SOMAJO_MODELS[base]).tokenize_text([text]))
        cuts = []
        for sentence in sentences[1:]:
            offsets = [token.character_offset for token in sentence if token.character_offset]
            if offsets:
                cuts.append(offsets[0][0])
    except Exception:
        # SoMaJo's offset alignment asserts on some unusual input (rare control or
        # unassigned characters); sentencex's rules for the language are the next best.
        return _sentencex_cuts(base, text)
    return cuts


# --------------------------------------------------------------------------- CJK (zh, ja)

CJK_TERMINATORS = "。！？!?．｡…‼⁇⁈⁉"
CJK_CLOSERS = "”’」』）)》〉】〕］]｝}\"'»›〗〙〛｣"
# Punctuation after a terminator run that shows the sentence goes on (……，).
CJK_CONTINUATION = "，、,；;：:"
# Japanese quotative particles after a closing quote continue the sentence:
# 「行こう。」と言った。
JAPANESE_QUOTATIVE = re.compile(r"と|って")
CJK_SENTENCE_END = re.compile(f"[{re.escape(CJK_TERMINATORS)}]+[{re.escape(CJK_CLOSERS)}]*")
HAN_OR_KANA = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A Latin full stop ends a sentence after Han/kana text, or after a lower-case word when
# a capital or Han/kana follows ("... is good. Then"); "3.5亿", "U.S." and "Mr. Li" stay.
LATIN_STOP_IN_CJK = re.compile(
    rf"(?:(?<=[{HAN_OR_KANA}])\.(?=\s|[{HAN_OR_KANA}]|$))"
    rf"|(?:(?<![A-Za-z])[a-z]{{2,}}\.(?=\s+[A-Z{HAN_OR_KANA}]))"
)
FULLWIDTH_OR_ASCII_DIGIT = re.compile(r"[0-9０-９]")


def _cjk_cuts(text: str) -> list[int]:
    cuts = []
    for match in CJK_SENTENCE_END.finditer(text):
        end = match.end()
        if _is_decimal_point(text, match.start(), end):
            continue
        if end < len(text) and text[end] in CJK_CONTINUATION:
            continue
        closed_quote = end > match.start() + 1 and text[end - 1] in CJK_CLOSERS
        if closed_quote and JAPANESE_QUOTATIVE.match(text, end):
            continue
        cuts.append(end)
    cuts.extend(match.end() for match in LATIN_STOP_IN_CJK.finditer(text))
    return sorted(set(cuts))


def _is_decimal_point(text: str, start: int, end: int) -> bool:
    return (
        text[start:end] in ("．", ".")
        and start > 0
        and end < len(text)
        and bool(FULLWIDTH_OR_ASCII_DIGIT.match(text[start - 1]))
        and bool(FULLWIDTH_OR_ASCII_DIGIT.match(text[end]))
    )


# --------------------------------------------------------------------------- sentencex

# Titles and other abbreviations that are followed by a capitalised name ("M. Dupont",
# "Dr. Müller", "г. Москва"); compared in lower case, without the full stop.
NAME_ABBREVIATIONS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "*": "dr prof mr mrs ms st hr fr sen gen gov capt col lt sgt rev",
        "fr": "m mm mme mmes mlle mlles mgr me pr ste vve",
        "es": "sr sra sres srta dra d dña lic ing excmo excma sto sta av avda c",
        "it": "sig sigg dott avv ing arch on mons geom rag",
        "pt": "sr sra srta dra profa exmo exma eng av d",
        "nl": "dhr mevr mej drs ir ing mr ds",
        "ru": "г ул пр просп им проф акад св ген д пл пер т с тов г-н г-жа",
        "uk": "м вул пр просп ім проф акад св ген д пл пров",
        "de": "hl abs art bd kap hrsg vgl lt gem",
    }.items()
}
# Abbreviations longer than three letters that never end a sentence before a lower-case
# word or a number; any token of up to three letters is treated that way already.
LONG_ABBREVIATIONS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "*": "approx dept vol fig figs cf corp inc ltd",
        "fr": "env chap boul apr janv févr sept oct nov déc",
        "es": "aprox pág págs núm tel admón depto atte",
        "it": "ecc pag pagg tel",
        "pt": "pág págs núm aprox tel dept",
        "nl": "bijv blz resp ongev incl excl",
        "ru": "руб тыс млн млрд коп стр обл напр",
        "de": "bzw ggf evtl inkl exkl sog jhd mind",
    }.items()
}
# Languages where a number followed by a full stop is an ordinal and the next word is
# often capitalised ("Der 1. FC", "am 23. August").
CAPITALISED_ORDINAL_LANGUAGES = frozenset({"de", "lb", "gsw"})

LAST_TOKEN = re.compile(r"(\S+)$")
ABBREVIATION_LIKE = re.compile(r"[^\W\d_]{1,3}\.(?:-?[^\W\d_]{1,3}\.)*")
NUMBER_WITH_STOP = re.compile(r"\d+\.")
ORDINAL_WITH_STOP = re.compile(r"\d{1,3}\.")
INITIALS = re.compile(r"[^\W\d_]\.(?:-?[^\W\d_]\.)*")
LETTERS_ONLY = re.compile(r"[^\W\d_]+")
CONTINUATION_START = re.compile(r"[\d,;:)\]}\-–%]")
OPENING_PUNCTUATION = "([{\"'«»„“‘‚¿¡-–—"


def _sentencex_cuts(base: str, text: str) -> list[int]:
    from sentencex import get_sentence_boundaries

    try:
        pieces = get_sentence_boundaries(base or "en", text)
    except Exception:
        pieces = get_sentence_boundaries("en", text)
    spans = _sentencex_spans(text, pieces)
    spans = _join_oversplit(text, spans, base)
    return [start for start, _ in spans[1:]]


def _sentencex_spans(text: str, pieces: list[dict[str, Any]]) -> list[Span]:
    """Stripped spans of sentencex's pieces, checked against the text they claim to index."""
    spans: list[Span] = []
    search_from = 0
    for piece in pieces:
        start, end, piece_text = piece["start_index"], piece["end_index"], piece["text"]
        if text[start:end] != piece_text:
            # Offsets disagree with the text (never seen, but cheap to guard): find it.
            start = text.find(piece_text, search_from)
            if start < 0:
                continue
            end = start + len(piece_text)
        span = _strip(text, start, end)
        if span is not None:
            spans.append(span)
            search_from = span[1]
    return spans


def _join_oversplit(text: str, spans: list[Span], base: str) -> list[Span]:
    joined: list[Span] = []
    for span in spans:
        if joined and _should_join(text[joined[-1][0]:joined[-1][1]], text[span[0]:span[1]], base):
            joined[-1] = (joined[-1][0], span[1])
        else:
            joined.append(span)
    return joined


def _should_join(previous: str, following: str, base: str) -> bool:
    """Whether sentencex split `previous` from `following` after an abbreviation or ordinal.

    The last token of `previous` must look like an abbreviation (letters and full stops,
    up to three letters per part: "z.", "т. е.", "p. ex.", "o.a."), a known longer
    abbreviation, or a number with a full stop. Then the split is undone when:

    * `following` starts in lower case, with a digit or with punctuation that continues a
      sentence (",", ")", "-") - sentences rarely start that way;
    * `following` starts capitalised and the token is a title or place abbreviation of the
      language ("M. Dupont", "Dr. Weber", "г. Москва"), initials not after a lower-case
      word ("J. Smith", "J.-C. Martin", but not "vitamin C. Then"), or an ordinal of a language
      that capitalises nouns ("Der 1. FC", "am 23. August").
    """
    match = LAST_TOKEN.search(previous)
    if not match or not previous.endswith(".") or not following:
        return False
    token = match.group(1).lstrip(OPENING_PUNCTUATION)
    word = token[:-1].lower()
    is_name_abbreviation = word in _for_language(NAME_ABBREVIATIONS, base)
    is_number = bool(NUMBER_WITH_STOP.fullmatch(token))
    is_abbreviation = (
        bool(ABBREVIATION_LIKE.fullmatch(token))
        or word in _for_language(LONG_ABBREVIATIONS, base)
    )
    if not (is_number or is_abbreviation or is_name_abbreviation):
        return False

    first = following[0]
    if first.islower() or CONTINUATION_START.match(first):
        return True
    if not first.isupper():
        return False
    if is_name_abbreviation:
        return True
    if INITIALS.fullmatch(token) and token.upper() == token:
        words_before = previous[: match.start(1)].split()
        previous_word = words_before[-1] if words_before else ""
        return not (LETTERS_ONLY.fullmatch(previous_word) and previous_word.islower())
    return base in CAPITALISED_ORDINAL_LANGUAGES and bool(ORDINAL_WITH_STOP.fullmatch(token))


def _for_language(table: dict[str, frozenset[str]], base: str) -> frozenset[str]:
    return table["*"] | table.get(base, frozenset())
