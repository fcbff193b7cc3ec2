"""Form checks: what is wrong with the target text as text, whatever it translates.

These rules read the target sentences alone (stray symbols, spacing, garbled or unbalanced
punctuation, doubled words). They need no version, but where a version shows the very same
oddity (the source itself has a lone "%" or says "Bora Bora"), the target only mirrors it and is
not flagged. Every finding has ``version=None`` and a span that is code-point offsets into the
sentence text.

All rules are deliberately conservative: a false alarm on correct text costs the reader more
than a miss, so every pattern with a legitimate use (ellipses, abbreviations, ordinals,
decimals, French spacing, list markers, emoticons, grammatical doublings) is left alone.

``MTQA506`` (run-on sentence) is not implemented: no rule found so far separates glued sentences
from long correct ones precisely enough.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from mtqa.checks.base import DocumentView, RawFinding, SentenceView, rule
from mtqa.config import CheckConfig
from mtqa.langid import base_language

# ---------------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------------

# Spaces that may stand between a number and its unit or before French punctuation.
_SPACES = " \t\u00a0\u202f\u2009\u2007\u200a\u2002\u2003"
# Languages that put a (narrow no-break) space before ; : ! ? (and inside « »).
_SPACED_PUNCTUATION_LANGS = frozenset({"fr", "br"})

_OPEN_WRAP = "([{„“”«»‹›‚‘’\"'"
_CLOSE_WRAP = ")]}“”»«›‹’‘\"'.,;:!?…"
_QUOTES_AND_BRACKETS = set("()[]{}„“”«»‹›‚‘’\"'")


def _lang(code: str) -> str:
    return base_language(code) if code else ""


def _counterpart_texts(sentence: SentenceView) -> list[tuple[str, str]]:
    """(lang, text) of every non-empty counterpart of ``sentence``."""
    return [(c.lang, c.text) for c in sentence.counterparts.values() if c.text and c.text.strip()]


def _is_symbol(char: str) -> bool:
    return char in _STRAY_CANDIDATES or unicodedata.category(char) == "Sc"


# ---------------------------------------------------------------------------------------------
# MTQA501 stray-symbol
# ---------------------------------------------------------------------------------------------

_STRAY_CANDIDATES = frozenset("%‰‱#*§&@|~^")
_PERCENT = frozenset("%‰‱")
# Words after which a bare unit sign is a column label: "Angaben in %", "en €", "pro $".
_LABEL_WORDS = frozenset({"in", "im", "en", "per", "pro", "je", "par", "als", "as"})
# Words that link two bare signs: "in $ und €".
_LINK_WORDS = frozenset({"und", "and", "et", "oder", "or", "ou", "bzw.", "sowie", "/", "y", "o", "e"})
# Magnitude words between an amount and its currency sign: "20 Mio. €".
_MAGNITUDES = frozenset({
    "mio", "mio.", "mrd", "mrd.", "tsd", "tsd.", "millionen", "million", "millions", "milliarden",
    "milliarde", "milliard", "milliards", "billionen", "billion", "billions", "trillion", "trillions",
    "tausend", "thousand", "mille", "bn", "mn", "m", "k", "md", "mds", "md.", "mds.", "mrd.", "m.",
})
_NUMBER_END = re.compile(r"\d$")
_NUMBER_START = re.compile(r"^[+\-−±≈~]?\d")


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    raw: str
    lead: str  # opening quotes/brackets before the core
    core: str
    trail: str  # closing quotes/brackets/punctuation after the core
    core_start: int


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in re.finditer(r"\S+", text):
        raw = match.group()
        a, b = 0, len(raw)
        while a < b and raw[a] in _OPEN_WRAP:
            a += 1
        while b > a and raw[b - 1] in _CLOSE_WRAP:
            b -= 1
        tokens.append(_Token(match.start(), match.end(), raw, raw[:a], raw[a:b], raw[b:], match.start() + a))
    return tokens


def _ends_alnum(token: _Token | None) -> bool:
    return token is not None and token.raw[-1].isalnum()


def _starts_alnum(token: _Token | None) -> bool:
    return token is not None and token.raw[0].isalnum()


def _ends_number(token: _Token | None) -> bool:
    return token is not None and bool(_NUMBER_END.search(token.raw))


def _starts_number(token: _Token | None) -> bool:
    return token is not None and bool(_NUMBER_START.search(token.raw))


def _is_bare_sign(token: _Token | None) -> bool:
    return token is not None and len(token.core) == 1 and _is_symbol(token.core)


def _symbol_attached(tokens: list[_Token], k: int, hashtags: bool = False) -> bool:
    """Whether the one-character symbol token ``tokens[k]`` belongs to something.

    ``hashtags``: the text is a run of hashtags (or a version has them), so a '#' before a word is
    a hashtag split from its word ("# Nachhaltigkeit # Erfolg"), not debris.
    """
    token = tokens[k]
    sign = token.core
    prev = tokens[k - 1] if k > 0 else None
    prev2 = tokens[k - 2] if k > 1 else None
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    nxt2 = tokens[k + 2] if k + 2 < len(tokens) else None
    # Mentioned or used as a marker: "„%“", "(*)", "[%]", "(€)".
    if token.lead and any(c in _QUOTES_AND_BRACKETS for c in token.trail):
        return True
    directly_after = not token.lead and prev is not None and not prev.trail
    if sign in _PERCENT or unicodedata.category(sign) == "Sc":
        if directly_after and _ends_number(prev):
            return True  # "20 %", "20\u202f%", "(3,5 %)"
        if not token.trail and _starts_number(nxt):
            return True  # "% 20" (Turkish order), "€ 20", "$ 5 Mio."
        if prev is not None and prev.core.lower() in _LABEL_WORDS:
            return True  # "Angaben in %"
        if (prev is not None and prev.core.lower() in _LINK_WORDS and _is_bare_sign(prev2)) or (
                nxt is not None and nxt.core.lower() in _LINK_WORDS and _is_bare_sign(nxt2)):
            return True  # "in $ und €"
        if unicodedata.category(sign) == "Sc" and prev is not None and prev.raw.lower() in _MAGNITUDES \
                and _ends_number(prev2):
            return True  # "20 Mio. €"
        return False
    if sign == "#":
        return (k == 0 or _starts_number(nxt) or (prev is not None and len(prev.core) == 1 and prev.core.isalpha())
                or (hashtags and not token.trail and nxt is not None and nxt.raw[0].isalpha()))
    if sign == "*":
        return k == 0 or (_ends_number(prev) and _starts_number(nxt))
    if sign == "§":
        return _starts_number(nxt)
    if sign == "~":
        return _starts_number(nxt) or (_ends_alnum(prev) and _starts_alnum(nxt))
    # & @ | ^ join two words or numbers: "Forschung & Entwicklung", "Politik | Wirtschaft", "10 ^ 3".
    return _ends_alnum(prev) and not token.lead and not token.trail and _starts_alnum(nxt)


def _stray_symbols(text: str, hashtags: bool = False) -> list[tuple[int, str]]:
    """(offset, symbol) of every symbol in ``text`` that belongs to nothing."""
    if not any(ch.isalnum() for ch in text):
        return []  # a divider such as "* * *", not prose
    tokens = _tokens(text)
    hashtags = hashtags or text.count("#") >= 2
    found = []
    for k, token in enumerate(tokens):
        if len(token.core) != 1 or not _is_symbol(token.core):
            continue  # attached to a word or number ("20%", "#MeToo", "AT&T"), or a run ("***")
        if not _symbol_attached(tokens, k, hashtags):
            found.append((token.core_start, token.core))
    return found


# Languages written without spaces between words: their symbols cannot be told apart by tokens.
_UNSPACED_LANGS = frozenset({"zh", "ja", "yue", "wuu", "lzh", "th", "lo", "km", "my", "bo"})


def _version_stray_kinds(text: str, lang: str) -> set[str]:
    """The kinds of symbol that stand unattached in a version's text (full-width forms folded)."""
    text = unicodedata.normalize("NFKC", text)
    if _lang(lang) not in _UNSPACED_LANGS:
        return {_symbol_kind(symbol) for _, symbol in _stray_symbols(text)}
    kinds = set()
    for i, char in enumerate(text):
        if _is_symbol(char):
            before = text[:i].rstrip(_SPACES)[-1:]
            after = text[i + 1:].lstrip(_SPACES)[:1]
            if not (before.isdigit() or after.isdigit()):
                kinds.add(_symbol_kind(char))  # "很伤心～", "价格上涨了 ¥ 。"
    return kinds


# Moses-style tokenisers write a split hyphen or separator as "@-@" ("on @-@ line", "3 @,@ 5").
_TOKENISER_JOINT = re.compile(r"@[-,.:/]@")


def _symbol_kind(symbol: str) -> str:
    return "currency" if unicodedata.category(symbol) == "Sc" else symbol


@rule(
    "MTQA501", "stray-symbol", "major", "fluency",
    summary="Checks for a symbol that belongs to nothing: a '%' with no number before it, a lone '#', "
            "'*', '§', '&', '@', '|', '~', '^', or a currency sign with no amount.",
    why="A percent or currency sign detached from its number, or a lone '#' or '§', is debris the "
        "translation left behind (a unit moved twice, a markup remnant); readers cannot tell what it "
        "refers to. Units are attached by locale: '20 %' with a space or (narrow) no-break space, "
        "'20%', '% 20', '€ 5', '20 Mio. €', 'Angaben in %' and '(%)' are all fine, as are "
        "'Forschung & Entwicklung', '§ 5', '# 1', a '*' list bullet and '3 * 4'. Not flagged when a "
        "version has the same kind of symbol unattached too (the source has it). A tokeniser's joint "
        "marker ('on @-@ line', '3 @,@ 5') is flagged too.",
    example="'mit einem Vorsprung von bis zu 20 % in einigen Tests %.' -> the second '%' is flagged; "
            "use 'mit einem Vorsprung von bis zu 20 % in einigen Tests.'",
)
def check_stray_symbol(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    for sentence in doc.content():
        for match in _TOKENISER_JOINT.finditer(sentence.text):
            yield RawFinding("MTQA501", sentence.index, match.start(), match.end(),
                             f"'{match.group()}' is a tokeniser's joint marker left in the text")
        versions = _counterpart_texts(sentence)
        hashtags = any(re.search(r"#\w", unicodedata.normalize("NFKC", text)) for _, text in versions)
        strays = _stray_symbols(sentence.text, hashtags)
        if not strays:
            continue
        in_versions = set().union(*(_version_stray_kinds(text, lang) for lang, text in versions))
        for offset, symbol in strays:
            if _symbol_kind(symbol) in in_versions:
                continue
            what = "currency sign with no amount" if _symbol_kind(symbol) == "currency" else (
                "percent sign not attached to a number" if symbol in _PERCENT else "symbol that belongs to nothing")
            yield RawFinding("MTQA501", sentence.index, offset, offset + 1, f"stray '{symbol}': {what}")


# ---------------------------------------------------------------------------------------------
# MTQA503 garbled-punctuation (before 502, which leaves garbled spans to it)
# ---------------------------------------------------------------------------------------------

_MARK_RUN = re.compile(r"[.,;:!?](?:[" + _SPACES + r"]*[.,;:!?])+")
_LEADING_MARKS = re.compile(r"[.,;:!?](?:[" + _SPACES + r"]*[.,;:!?])*")
_MIDDLE_STOP = re.compile(r"(?<=\S)([" + _SPACES + r"]+\.)[" + _SPACES + r"]+(?=\w)")
_ABBREVIATIONS = frozenset({
    "usw", "etc", "bzw", "ca", "nr", "dr", "prof", "vgl", "ggf", "evtl", "inkl", "exkl", "zzgl", "bspw",
    "sog", "mio", "mrd", "tsd", "jh", "jhd", "abs", "art", "bd", "hrsg", "str", "tel", "mr", "mrs", "ms",
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "approx", "no", "vol", "fig", "cf", "al", "mme",
    "mlle", "cie", "env", "av", "resp", "sq", "pp", "ff", "dt", "engl", "frz", "ital", "abb", "kap", "tab",
    "chr", "geb", "gest", "bzgl", "anm", "ebd", "zit", "jan", "feb", "mär", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "okt", "oct", "nov", "dez", "dec", "viz", "ibid", "cit", "op", "sc",
    "mt", "gen", "gov", "sen", "rep", "lt", "col", "capt",
    "sgt", "bros", "dept", "univ", "est", "misc", "max", "min", "bzw", "mind", "zb", "ua", "dh", "od",
})
_WORD_BEFORE = re.compile(r"([\w.\-]+)$")


def _abbreviation_before(text: str, pos: int) -> bool:
    """Whether the word that ends at ``pos`` (just before a '.') is an abbreviation or ordinal."""
    match = _WORD_BEFORE.search(text[:pos])
    if not match:
        return False
    word = match.group(1).strip(".-")
    return bool(
        word.isdigit()  # German ordinals: "am 3., 4. und 5. Mai"
        or (len(word) == 1 and word.isalpha())  # "z. B.,"
        or "." in word  # "U.S.,", "i.e.,", "z.B.,"
        or word.lower() in _ABBREVIATIONS
    )


@dataclass(frozen=True)
class _Garble:
    start: int
    end: int
    message: str


def _garbles(text: str) -> tuple[list[_Garble], list[tuple[int, int]]]:
    """Garbled punctuation in ``text``, and every run of marks looked at (flagged or not)."""
    found: list[_Garble] = []
    runs: list[tuple[int, int]] = []
    # A sentence that starts with punctuation (", was für ...", ". oder ...").
    lead = _LEADING_MARKS.match(text)
    if lead:
        marks = re.sub(r"\s", "", lead.group())
        after = text[lead.end():lead.end() + 1]
        runs.append(lead.span())
        ellipsis = marks.startswith("..")
        attached = after[:1].isalnum()  # ".NET", ",5"
        emoticon = marks in (":", ";") and after != "" and after in ")(-"
        only_marks = re.fullmatch(r"[!?]+", marks) and after == ""
        if not (ellipsis or attached or emoticon or only_marks):
            found.append(_Garble(lead.start(), lead.end(), f"sentence starts with punctuation '{lead.group()}'"))
    for match in _MARK_RUN.finditer(text):
        start, end = match.span()
        if lead and start < lead.end():
            continue
        marks = re.sub(r"\s", "", match.group())
        pre = start
        while pre > 0 and text[pre - 1] in _SPACES:
            pre -= 1
        runs.append((pre, end))
        if "..." in marks or re.fullmatch(r"[!?]+", marks):
            continue  # an ellipsis ("...", ". . .", "...,") or "?!"
        if pre == start and len(marks) == 2 and marks[1] in ",;:!?" and (
                (marks[0] == "." and _abbreviation_before(text, start)) or marks[0] in "!?"):
            continue  # "z. B., dass", "am 3., 4. und", "etc. :", "Yahoo!, Google"
        if end < len(text) and text[end].isalnum():
            continue  # the last mark starts the next token: "std::vector", "1..10", ":party: :helix:"
        found.append(_Garble(pre, end, f"garbled punctuation '{text[pre:end]}'"))
    # A full stop in the middle of a sentence: "konzentrieren . und Anwendungen".
    for match in _MIDDLE_STOP.finditer(text):
        start, end = match.span(1)
        dot = end - 1
        if any(a <= dot < b for a, b in runs) or text[start - 1] == ".":
            continue
        following = text[match.end():match.end() + 1]
        if following.islower():
            found.append(_Garble(start, end, "full stop in the middle of a sentence (' . ' before a lower-case word)"))
    found.sort(key=lambda g: g.start)
    return found, runs


@rule(
    "MTQA503", "garbled-punctuation", "major", "fluency",
    summary="Checks for garbled punctuation: runs such as ' . ,', ', .', '.,', ',,' or '..', a sentence "
            "that starts with punctuation, or ' . ' in the middle of a sentence before a lower-case word.",
    why="Runs of clashing marks are left when a translation engine joins or splits segments; the "
        "reader stumbles, and a stray full stop mid-sentence breaks the sentence in two. Ellipses "
        "('...', '…', '. . .', '...,'), '?!', abbreviations and ordinals before a comma ('z. B.,', "
        "'etc.,', 'am 3., 4. und 5. Mai'), decimals ('3,5'), '.NET' and tokens such as 'std::vector' "
        "are not flagged.",
    example="'weil kleine Modelle schneller sind . , was für Echtzeitanwendungen wichtig ist' -> ' . ,' "
            "is flagged; use 'schneller sind, was ...'. 'auf Roboter konzentrieren . und Anwendungen' -> "
            "' .' is flagged.",
)
def check_garbled_punctuation(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    for sentence in doc.content():
        for garble in _garbles(sentence.text)[0]:
            yield RawFinding("MTQA503", sentence.index, garble.start, garble.end, garble.message)


# ---------------------------------------------------------------------------------------------
# MTQA502 space-before-punctuation
# ---------------------------------------------------------------------------------------------

TOKENISED_SHARE = 0.5  # of the sentences with punctuation: from this share on, spacing is the file's convention
TOKENISED_MIN_SENTENCES = 2  # one spaced sentence may be a slip; two that agree are a way of writing
_SPACE_BEFORE = re.compile(r"(?<=\S)([" + _SPACES + r"]+)([,.;:!?)\]])")
_FRENCH_SPACED = frozenset(";:!?")


def _padded_opener(text: str, pos: int, opener: str) -> bool:
    """Whether the nearest ``opener`` before ``pos`` is followed by a space."""
    i = text.rfind(opener, 0, pos)
    return i >= 0 and text[i + 1:i + 2] in tuple(_SPACES)


def _spaces_before_punctuation(text: str, lang: str,
                               skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, mark) of every space before a mark that ``lang`` sets without one."""
    found = []
    french = lang in _SPACED_PUNCTUATION_LANGS
    for match in _SPACE_BEFORE.finditer(text):
        start, end = match.span()
        mark = match.group(2)
        before = text[match.start() - 1]
        after = text[end:end + 1]
        if french and mark in _FRENCH_SPACED:
            continue  # "Pourquoi ?", "ainsi : ", "; "
        if mark == "." and re.match(r"[" + _SPACES + r"]*\.", text[end:]):
            continue  # "Er sagte ... und", ". . .", or ".." (garbled, MTQA503)
        if after.isalnum():
            continue  # ".NET", " .5", " ,5", ":D": the mark belongs to what follows
        if mark in ":;" and after in ("(", ")", "-", "'"):
            continue  # emoticons ":)", ";-)"
        if mark == ":" and before.isdigit() and re.match(r"[" + _SPACES + r"]*\d", text[end:]):
            continue  # scores and ratios "2 : 1"
        if before in ".…–—-" or before in "([":
            continue  # spaced ellipsis ". . .", "… .", " – ", "( )", "[ ]"
        if mark in ")]" and _padded_opener(text, start, "(" if mark == ")" else "["):
            continue  # "[ Person 4 ]": padded on both sides on purpose (placeholders, some house styles)
        if any(a < end and start < b for a, b in skip):
            continue  # part of a garbled run (MTQA503)
        found.append((start, end, mark))
    return found


@rule(
    "MTQA502", "space-before-punctuation", "minor", "locale-convention",
    summary="Checks for a space before ',', '.', ';', ':', '!', '?', ')' or ']' in languages that do "
            "not use one (German, English, ...); in French only before ',', '.', ')' and ']'.",
    why="German and English set these marks directly after the word; a space before them looks "
        "like a tokenised machine output and can let a line break separate the mark from its word. "
        "French puts a (narrow no-break) space before ';', ':', '!', '?' and inside « », so those are "
        "fine there. Ellipses (' ...', ' …'), decimals (' .5'), '.NET', scores ('2 : 1'), spaced "
        "dashes (' – '), emoticons and abbreviations ('z. B.', 'u. a.') are not flagged; runs that "
        "MTQA503 reports as garbled are left to it. Where at least half of the sentences (and at "
        "least two) have such a space, the text is tokenised on purpose (corpus data, much MT "
        "output): that is reported once, on the first place, at low confidence, not on every line.",
    example="'dass Effizienz das Ziel ist .' -> ' .' is flagged; use 'dass Effizienz das Ziel ist.' "
            "(French 'Pourquoi ?' is fine).",
)
def check_space_before_punctuation(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    lang = _lang(doc.target_lang)
    leave_to_503 = config.enabled("MTQA503")
    found: dict[int, list[tuple[int, int, str]]] = {}
    punctuated = 0
    for sentence in doc.content():
        punctuated += bool(re.search(r"[,.;:!?)\]]", sentence.text))
        skip = _garbles(sentence.text)[0] if leave_to_503 else []
        spaces = _spaces_before_punctuation(sentence.text, lang, [(g.start, g.end) for g in skip])
        if spaces:
            found[sentence.index] = spaces
    if len(found) >= TOKENISED_MIN_SENTENCES and len(found) >= TOKENISED_SHARE * punctuated:
        # The file's convention, not a slip: said once, on the first place, without flagging that sentence.
        first = min(found)
        start, end, mark = found[first][0]
        yield RawFinding("MTQA502", first, start, end,
                         f"the text is tokenised: a space before punctuation in {len(found)} of {punctuated} "
                         "sentences (reported once, here)", confidence=0.5)
        return
    for index, spaces in found.items():
        for start, end, mark in spaces:
            yield RawFinding("MTQA502", index, start, end, f"space before '{mark}'")


# ---------------------------------------------------------------------------------------------
# MTQA504 unbalanced-quotes-or-brackets
# ---------------------------------------------------------------------------------------------

# Families of marks that pair with each other, and the class a family belongs to (what a version
# is compared on: a French « » and a German „ “ are both "quote").
_FAMILY_CLASS = {"round": "round bracket", "square": "square bracket", "curly": "curly bracket",
                 "double": "quote", "straight": "quote", "guillemet": "quote", "single-guillemet": "quote",
                 "single": "quote"}
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s(,;:]))(?:\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})$")


@dataclass(frozen=True)
class _Mark:
    sentence: int  # position in the list of content sentences
    offset: int
    char: str
    family: str


def _closing_position(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and before not in "([{" and (after.isspace() or not after.isalnum())


def _opening_position(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([{–—-/") and not after.isspace()


def _emoticon_bracket(text: str, i: int) -> bool:
    """Whether the round bracket at ``i`` is part of an emoticon rather than a parenthesis."""
    char = text[i]
    a = i
    while a > 0 and text[a - 1] == char:
        a -= 1
    b = i + 1
    while b < len(text) and text[b] == char:
        b += 1
    lead = text[max(0, a - 2):a]
    if lead[-1:] in (":", ";", "=") or lead in (":-", ";-", "=-"):
        return True  # ":(", ":-)", ";))"
    alone = (a == 0 or text[a - 1].isspace()) and (b == len(text) or text[b].isspace() or text[b] in ".,!?")
    return alone and b - a >= 2  # "in Folge: ((( Ich", "schade )))"


class _Balance:
    """Open marks per family, carried from sentence to sentence."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.stacks: dict[str, list[_Mark]] = {family: [] for family in _FAMILY_CLASS}
        self.unmatched_closers: list[_Mark] = []

    def _top(self, family: str) -> _Mark | None:
        stack = self.stacks[family]
        return stack[-1] if stack else None

    def _open(self, family: str, position: int, i: int, char: str) -> None:
        self.stacks[family].append(_Mark(position, i, char, family))

    def feed(self, text: str, position: int) -> None:
        parity_guillemets = self.lang in ("fi", "sv")
        for i, char in enumerate(text):
            before = text[i - 1] if i > 0 else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            if char in "()" and _emoticon_bracket(text, i):
                continue  # ":(", ":-)", ":((", a lone "(((" for a sad face
            if char in "([{":
                self._open({"(": "round", "[": "square", "{": "curly"}[char], position, i, char)
            elif char in ")]}":
                family = {")": "round", "]": "square", "}": "curly"}[char]
                if self.stacks[family]:
                    self.stacks[family].pop()
                elif char == ")" and _LIST_MARKER.search(text[:i]):
                    continue  # enumerations "a)", "1)", "iv)"
                else:
                    self.unmatched_closers.append(_Mark(position, i, char, family))
            elif char == "„":
                self._open("double", position, i, char)
            elif char == "“":
                top = self._top("double")
                if top is not None and (top.char == "„" or _closing_position(text, i)):
                    self.stacks["double"].pop()  # German „…“, or a closing “ typed for ”
                elif top is None and _closing_position(text, i) and not _opening_position(text, i):
                    self.unmatched_closers.append(_Mark(position, i, char, "double"))
                else:
                    self._open("double", position, i, char)  # English “…”
            elif char == "”":
                if self.stacks["double"]:
                    self.stacks["double"].pop()
                elif _opening_position(text, i) and not _closing_position(text, i):
                    self._open("double", position, i, char)  # Swedish/Finnish ”…”
                else:
                    self.unmatched_closers.append(_Mark(position, i, char, "double"))
            elif char in "«»‹›":
                family = "guillemet" if char in "«»" else "single-guillemet"
                left, right = ("«", "»") if char in "«»" else ("‹", "›")
                other = right if char == left else left
                top = self._top(family)
                if top is not None and (top.char == other or (parity_guillemets and top.char == char)):
                    self.stacks[family].pop()
                elif char == left:
                    self._open(family, position, i, char)  # French « … »
                elif after and not after.isspace() and (before == "" or before.isspace() or before in "([–—-"):
                    self._open(family, position, i, char)  # German »…«, Finnish »…»
                else:
                    self.unmatched_closers.append(_Mark(position, i, char, family))
            elif char == '"':
                if self.stacks["straight"]:
                    self.stacks["straight"].pop()
                elif before.isdigit():
                    continue  # inch mark: 27"
                elif self.stacks["double"] and _closing_position(text, i):
                    self.stacks["double"].pop()  # mixed „…"
                else:
                    self._open("straight", position, i, char)
            elif char == "‚":
                self._open("single", position, i, char)
            elif char == "‘":
                top = self._top("single")
                if top is not None and top.char == "‚":
                    self.stacks["single"].pop()  # German ‚…‘
                elif before.isalnum() or after.isdigit():
                    continue  # "Kai-Fu‘s", "geht‘s", "‘90s": an apostrophe typed as ‘
                elif top is not None and _closing_position(text, i):
                    self.stacks["single"].pop()
                elif after.isalpha():
                    self._open("single", position, i, char)  # English ‘…’
            elif char == "’":
                if self.stacks["single"] and not (before.isalpha() and after.isalpha()):
                    self.stacks["single"].pop()
                # otherwise an apostrophe ("it’s", "’s", "companies’"): never flagged
            # straight ' is always taken for an apostrophe

    def open_marks(self) -> list[_Mark]:
        return sorted((m for stack in self.stacks.values() for m in stack), key=lambda m: (m.sentence, m.offset))


def _unbalanced(texts: Sequence[str], lang: str) -> tuple[list[_Mark], list[_Mark]]:
    """(unclosed openers, unopened closers) over ``texts`` read as one stretch."""
    balance = _Balance(lang)
    for position, text in enumerate(texts):
        balance.feed(text, position)
    return balance.open_marks(), balance.unmatched_closers


def _version_stretch(sentences: Sequence[SentenceView]) -> dict[str, tuple[str, list[str]]]:
    """Per version: its language and its counterpart texts for ``sentences`` in order (shared ones once)."""
    stretch: dict[str, tuple[str, list[str]]] = {}
    for sentence in sentences:
        for name, counterpart in sentence.counterparts.items():
            if not counterpart.text or not counterpart.text.strip():
                continue
            lang, texts = stretch.setdefault(name, (counterpart.lang, []))
            if not texts or texts[-1] != counterpart.text:
                texts.append(counterpart.text)
    return stretch


def _version_has_same(sentences: Sequence[SentenceView], mark: _Mark, opener: bool) -> bool:
    """Whether some version is unbalanced the same way (same class, same direction) over ``sentences``."""
    wanted = _FAMILY_CLASS[mark.family]
    for lang, texts in _version_stretch(sentences).values():
        openers, closers = _unbalanced(texts, _lang(lang))
        marks = openers if opener else closers
        if any(_FAMILY_CLASS[m.family] == wanted for m in marks):
            return True
    return False


@rule(
    "MTQA504", "unbalanced-quotes-or-brackets", "minor", "fluency",
    summary="Checks for a bracket or quotation mark that is opened and never closed (by the end of the "
            "paragraph), or closed without being opened: ( ) [ ] { } „ “ ” « » ‹ › \" ‚ ‘.",
    why="An unclosed quotation leaves the reader unsure where the quoted words end, and a lone "
        "closing mark suggests that words went missing. A quotation may open in one sentence and "
        "close in a later one of the same paragraph, so marks are carried over from sentence to "
        "sentence to the paragraph's end. German „…“ (its closing “ is the English opening mark), English “…”, French "
        "« … », German »…«, straight quotes by parity; apostrophes ('it's', 'Kai-Fu's', '’s'), "
        "inch marks, list markers ('a)', '1)') and emoticons are not counted. Not flagged when a "
        "version is unbalanced the same way over the same sentences.",
    example="'„Wir sollten nicht glauben, dass wir ohne diese Chips nicht führen können.' with no "
            "closing “ later in the paragraph -> '„' is flagged.",
)
def check_unbalanced(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    lang = _lang(doc.target_lang)
    content = list(doc.content())
    balance = _Balance(lang)
    group_start = 0  # first content position of the current paragraph
    reported: list[tuple[_Mark, bool, int]] = []  # mark, is-opener, last position of its stretch

    def flush_openers(marks: Iterable[_Mark], last: int) -> None:
        for mark in marks:
            reported.append((mark, True, last))

    for position, sentence in enumerate(content):
        if position > 0 and sentence.paragraph != content[position - 1].paragraph:
            flush_openers(balance.open_marks(), position - 1)
            balance = _Balance(lang)
            group_start = position
        closers_before = len(balance.unmatched_closers)
        balance.feed(sentence.text, position)
        for mark in balance.unmatched_closers[closers_before:]:
            reported.append((mark, False, group_start))
    flush_openers(balance.open_marks(), len(content) - 1)

    for mark, opener, other_end in sorted(reported, key=lambda r: (r[0].sentence, r[0].offset)):
        stretch = content[mark.sentence:other_end + 1] if opener else content[other_end:mark.sentence + 1]
        if _version_has_same(stretch, mark, opener):
            continue
        sentence = content[mark.sentence]
        what = "quotation" if _FAMILY_CLASS[mark.family] == "quote" else _FAMILY_CLASS[mark.family]
        message = (f"'{mark.char}' opens a {what} that is not closed by the end of the paragraph" if opener
                   else f"'{mark.char}' closes a {what} that was not opened")
        yield RawFinding("MTQA504", sentence.index, mark.offset, mark.offset + 1, message)


# ---------------------------------------------------------------------------------------------
# MTQA505 doubled-word
# ---------------------------------------------------------------------------------------------

_DOUBLED = re.compile(r"(?<![\w\-’'])(\w+)(?:\s+\1)+(?![\w\-’'])", re.IGNORECASE)
# Doublings that are grammatical in a language: German "dass das das Auto ...", "Leute, die die
# Regeln kennen", "ob sie sie kennt"; English "that that", "had had", "what it is is"; French
# "nous nous sommes", "vous vous trompez"; Dutch "die die", "dat dat"; English prepositions that
# end one phrase and start the next ("estimated at at least", "interested in in this case").
_GRAMMATICAL = {
    "de": frozenset({"der", "die", "das", "den", "dem", "des", "sie", "ihr", "es"}),
    "en": frozenset({"that", "had", "is", "do", "at", "in", "on"}),
    "fr": frozenset({"nous", "vous"}),
    "nl": frozenset({"die", "dat", "had"}),
}
# Reduplications that are words in their own right in any language.
_REDUPLICATIVES = frozenset({
    "ha", "haha", "bye", "hey", "no", "nein", "ja", "yes", "oh", "na", "nee", "tut", "hip", "bla", "blah",
    "la", "ding", "tsk", "knock", "chop", "pom", "yada", "si", "non", "oui",
})


def _doublings(text: str, lang: str) -> list[tuple[int, int, str, int]]:
    """(start, end, word, times) of every run of one word repeated, ignoring case."""
    found = []
    grammatical = _GRAMMATICAL.get(lang, frozenset())
    for match in _DOUBLED.finditer(text):
        word = match.group(1)
        folded = word.casefold()
        if len(word) < 2 or any(ch.isdigit() or ch == "_" for ch in word):
            continue
        if folded in grammatical or folded in _REDUPLICATIVES:
            continue
        second = match.group().split()[1]
        if match.start() > 0 and word[0].isupper() != second[0].isupper():
            continue  # a noun then a verb: German "warum ich Spiele spiele", English "Will will"
        if lang != "de" and match.start() > 0 and word[0].isupper() and second[0].isupper():
            continue  # a name such as "Bora Bora" (in German every noun is capitalised, so not there)
        found.append((match.start(), match.end(), folded, len(match.group().split())))
    return found


@rule(
    "MTQA505", "doubled-word", "minor", "fluency",
    summary="Checks for the same word twice (or more) in a row ('die die', 'the the'), ignoring case.",
    why="A doubled word is a typical stutter of machine translation and of post-editing; a longer "
        "run of one word is a decoding loop and is reported once. Doublings that can be grammatical "
        "are left alone: German der/die/das/den/dem/des/sie/ihr/es ('dass das das Auto ist', "
        "'Leute, die die Regeln kennen'), English 'that that', 'had had', 'is is', 'do do', "
        "'at at least', 'in in', 'on on', French 'nous nous', 'vous vous', a capitalised word "
        "followed by a lower-case one mid-sentence ('warum ich Spiele spiele'), numbers, one-letter "
        "words, reduplications ('bye bye', 'ha ha'), and outside German two capitalised words "
        "mid-sentence (names such as 'Bora Bora'). Intensifiers ('sehr sehr', 'very very') are "
        "flagged. Not flagged when a version has the same doubling.",
    example="'Das Modell wurde mit mit weniger Daten trainiert.' -> 'mit mit' is flagged.",
)
def check_doubled_word(doc: DocumentView, config: CheckConfig) -> Iterator[RawFinding]:
    lang = _lang(doc.target_lang)
    for sentence in doc.content():
        doubles = _doublings(sentence.text, lang)
        if not doubles:
            continue
        in_versions = {
            m.group(1).casefold() for _, text in _counterpart_texts(sentence) for m in _DOUBLED.finditer(text)
        }
        for start, end, word, times in doubles:
            if word in in_versions:
                continue
            message = f"doubled word '{sentence.text[start:end]}'" if times == 2 else (
                f"word '{sentence.text[start:end].split()[0]}' repeated {times} times")
            yield RawFinding("MTQA505", sentence.index, start, end, message)
