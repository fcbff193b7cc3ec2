"""Recognise sentences that are page furniture rather than article content.

Scraped news pages bring along language menus, datelines, photo credits, bylines, section
labels and bare links. Such sentences are kept and marked with a reason, never dropped;
``boilerplate_reason`` gives that reason, or None for ordinary content. Every rule is
deliberately conservative: a sentence with sentence-final punctuation or more than a handful
of words is treated as content unless its shape is unmistakable (a URL, a date-only line).
"""

from __future__ import annotations

import re
import unicodedata

from mtqa.langid import base_language

SENTENCE_FINAL = ".!?。！？…"
SENTENCE_FINAL_STRICT = "!?。！？"

# --------------------------------------------------------------------------- language names

# Names of languages in their own script and in English: what language switchers list.
LANGUAGE_NAMES = """
English Deutsch German Français Francais French Español Espanol Castellano Spanish Italiano
Italian Português Portugues Portuguese Nederlands Dutch Русский Русский_язык Russian
Українська Ukrainian Беларуская Belarusian Polski Polish Čeština Česky Czech Slovenčina
Slovak Slovenščina Slovenian Magyar Hungarian Română Romanian Български Bulgarian
Македонски Macedonian Српски Srpski Serbian Hrvatski Croatian Bosanski Bosnian Shqip
Albanian Ελληνικά Greek Türkçe Turkish Azərbaycanca Azerbaijani Қазақша Kazakh Oʻzbekcha
Uzbek Монгол Mongolian ქართული Georgian Հայերեն Armenian العربية Arabic فارسی Persian Farsi
עברית Hebrew اردو Urdu हिन्दी हिंदी Hindi বাংলা Bengali தமிழ் Tamil తెలుగు Telugu मराठी Marathi
संस्कृतम् Sanskrit 中文 汉语 漢語 简体中文 繁體中文 简体 繁體 普通话 Chinese Mandarin 日本語 Japanese
한국어 조선어 한어 Korean Tiếng_Việt Vietnamese ภาษาไทย ไทย Thai Bahasa_Indonesia Indonesian
Bahasa_Melayu Melayu Malay Filipino Tagalog Kiswahili Swahili Svenska Swedish Dansk Danish
Norsk Bokmål Nynorsk Norwegian Suomi Suomalainen Finnish Íslenska Icelandic Eesti Estonian
Latviešu Latvian Lietuvių Lithuanian Català Catalan Euskara Basque Galego Galician Latina
Latin Esperanto Gaeilge Irish Cymraeg Welsh አማርኛ Amharic Hausa Yorùbá Yoruba isiZulu Zulu
Afrikaans
""".split()
LANGUAGE_NAME_PATTERN = re.compile(
    "|".join(
        re.escape(name.replace("_", " "))
        for name in sorted(LANGUAGE_NAMES, key=len, reverse=True)  # longest first: Indonesian
    ),
    re.IGNORECASE,
)
MENU_SEPARATORS = "|/·•‧∙"


def _is_language_menu(text: str) -> bool:
    if text[-1] in SENTENCE_FINAL:
        return False
    matches = list(LANGUAGE_NAME_PATTERN.finditer(text))
    distinct_names = {match.group().lower() for match in matches}
    if len(distinct_names) >= 2:
        covered = sum(_content_char_count(match.group()) for match in matches)
        glued = any(a.end() == b.start() for a, b in zip(matches, matches[1:]))
        separated = any(char in MENU_SEPARATORS for char in text)
        looks_like_a_list = len(distinct_names) >= 3 or glued or separated
        if looks_like_a_list and covered >= 0.75 * _content_char_count(text):
            return True
    scripts, switches = _script_profile(text)
    return len(scripts) >= 4 and switches >= 5


def _content_char_count(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char)[0] in "LMN")


# Han, kana and Hangul are mixed within one language, so they count as one script here.
EAST_ASIAN_SCRIPTS = {
    "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO", "HALFWIDTH", "FULLWIDTH",
}


def _script_profile(text: str) -> tuple[set[str], int]:
    """The scripts of the letters in `text` and how often consecutive letters switch script."""
    scripts: set[str] = set()
    switches = 0
    previous = None
    for char in text:
        if not char.isalpha():
            continue
        script = unicodedata.name(char, "UNKNOWN").split()[0]
        if script in EAST_ASIAN_SCRIPTS:
            script = "EAST-ASIAN"
        scripts.add(script)
        if previous is not None and script != previous:
            switches += 1
        previous = script
    return scripts, switches


# --------------------------------------------------------------------------- dates

MONTH_NAMES = """
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
januar jänner februar märz mär mai juni juli oktober dezember okt dez
janvier février fevrier mars avril juin juillet août aout septembre octobre novembre décembre
janv févr avr juil déc
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
diciembre
gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
janeiro fevereiro março maio junho julho setembro outubro novembro dezembro
januari februari maart mei augustus
января февраля марта апреля мая июня июля августа сентября октября ноября декабря
январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
""".split()
WEEKDAY_NAMES = """
monday tuesday wednesday thursday friday saturday sunday
mon tue tues wed thu thur thurs fri sat sun
montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so
lundi mardi mercredi jeudi vendredi samedi dimanche
lunes martes miércoles jueves viernes sábado domingo
lunedì martedì mercoledì giovedì venerdì sabato domenica
segunda-feira terça-feira quarta-feira quinta-feira sexta-feira
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
понедельник вторник среда четверг пятница суббота воскресенье
""".split()
# Words that sit around a date in a dateline ("Updated: Aug 25, 2024 at 14:30").
DATELINE_WORDS = """
am um on at the le à a el il de del dei do da den der des und and et y e of
updated update published posted aktualisiert veröffentlicht erstellt stand zuletzt
geändert last modified publié mis jour publicado actualizado pubblicato aggiornato
bijgewerkt gepubliceerd uhr utc gmt cet cest mez mesz est edt pst pdt bst ist jst
h hrs am pm г года
""".split()


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


MONTH = rf"(?<![^\W\d_])(?:{_alternation(MONTH_NAMES)})(?![^\W\d_])\.?"
DATE_PATTERN = re.compile(
    "|".join([
        r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}",
        r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b",
        r"\d{1,2}\.\d{1,2}\.(?!\d)",
        rf"\d{{1,2}}\.?\s*(?:de\s+)?{MONTH}(?:,?\s*(?:de\s+)?\d{{4}})?",
        rf"{MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?",
        rf"{MONTH}\s*\d{{4}}",
        r"\d{2,4}\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日号號일])?",
        r"\d{1,2}\s*[月월]\s*\d{1,2}\s*[日号號일]",
    ]),
    re.IGNORECASE,
)
TIME_PATTERN = re.compile(
    r"\d{1,2}[:.：]\d{2}(?:[:.]\d{2})?(?:\s*(?:a\.m\.|p\.m\.))?"
    r"|\d{1,2}\s*[时時点點]\s*(?:\d{1,2}\s*分)?",
    re.IGNORECASE,
)
EAST_ASIAN_WEEKDAY = re.compile(
    r"(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]|[月火水木金土日]曜日?|\([月火水木金土日]\)"
)
WEEKDAY_OR_FILLER = re.compile(
    rf"(?<!\w)(?:{_alternation(WEEKDAY_NAMES + DATELINE_WORDS)})\.?(?!\w)", re.IGNORECASE
)
PLACE_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
# Characters that make a CJK remainder read as a clause rather than a place name.
CJK_CLAUSE_CHARS = set("于於在是的了将將被把有为為向从從到")


def _is_dateline(text: str) -> bool:
    # A full stop may end "p.m." or "25.08."; the words left over decide instead.
    if text[-1] in SENTENCE_FINAL_STRICT:
        return False
    first_date = DATE_PATTERN.search(text)
    if first_date is None:
        return False
    rest = DATE_PATTERN.sub(" ", text)
    rest = TIME_PATTERN.sub(" ", rest)
    rest = EAST_ASIAN_WEEKDAY.sub(" ", rest)
    rest = WEEKDAY_OR_FILLER.sub(" ", rest)
    rest = re.sub(r"[^\w'’.-]+", " ", rest).strip(" .-")
    if not rest:
        return True
    if CJK_CHAR.search(rest):
        # Only a short place before the date ("北京 2024年8月25日"), nothing after it.
        before_date = text[: first_date.start()]
        short_place = len(rest.replace(" ", "")) <= 4 and not CJK_CLAUSE_CHARS & set(rest)
        return short_place and rest in before_date
    words = rest.split()
    # A place: at most three capitalised words ("Berlin", "New York", "BUENOS AIRES").
    return len(words) <= 3 and all(
        PLACE_WORD.fullmatch(word) and word[0].isupper() for word in words
    )


# --------------------------------------------------------------------------- photo credits

CREDIT_WORDS = {
    "foto", "fotos", "photo", "photos", "bild", "bilder", "image", "images", "getty", "credit",
    "credits", "crédit", "crédits", "fotografie", "photography", "fotograf", "photographer",
    "bildquelle", "fotoquelle", "imago", "fotó", "zdjęcie", "фото", "снимок", "фотография",
}
CREDIT_PREFIX = re.compile(
    r"^[(\[（]?\s*(?:"
    + "|".join(sorted(CREDIT_WORDS, key=len, reverse=True))
    + r"|photo credit|image credit|picture|pictures|图片来源|图片|图|摄影|供图|照片|配图|"
    r"圖片來源|圖片|圖|攝影|写真|画像|사진)\s*[:：/|]",
    re.IGNORECASE,
)
# Chinese credits end with the photographer's verb: （新华社记者 张三 摄）, 视觉中国供图.
CJK_CREDIT_SUFFIX = re.compile(r"(?:摄|攝|摄影|攝影|供图|供圖|图|圖)\s*[)）]?$")
COPYRIGHT_MARK = re.compile(r"©|^\(?copyright(?=[\s©\d])", re.IGNORECASE)
CREDIT_NAME_LINKS = {"by", "von", "via", "par", "por", "di"}
WORD = re.compile(r"[^\W\d_]+|\d+")


def _is_photo_credit(text: str) -> bool:
    word_count = _word_count(text)
    if CREDIT_PREFIX.match(text) or COPYRIGHT_MARK.search(text):
        return word_count <= 6 and text[-1] not in SENTENCE_FINAL_STRICT
    if word_count > 4 or text[-1] in SENTENCE_FINAL:
        return False
    if CJK_CHAR.search(text):
        return len(text) <= 24 and bool(CJK_CREDIT_SUFFIX.search(text))
    # "IC-Foto", "Getty Images", "AFP Photo": a credit word among names of agencies or
    # people; a lower-case word ("Image recognition works") means running text.
    words = WORD.findall(text)
    has_credit_word = any(word.lower() in CREDIT_WORDS for word in words)
    others_are_names = all(
        word.lower() in CREDIT_WORDS or word.lower() in CREDIT_NAME_LINKS
        or word[0].isupper()
        or word.isdigit()
        for word in words
    )
    return has_credit_word and others_are_names


def _word_count(text: str) -> int:
    """Words in `text`, counting two Han/kana/Hangul characters as one word."""
    east_asian = len(CJK_CHAR.findall(text))
    other_words = WORD.findall(CJK_CHAR.sub(" ", text))
    return len(other_words) + (east_asian + 1) // 2


# --------------------------------------------------------------------------- bylines

# The word that introduces an author's name, per language; "by" and "author:"-style
# labels are understood everywhere, since many sites use English page templates.
BYLINE_WORDS: dict[str, tuple[str, ...]] = {
    "*": ("by", "written by", "author:", "autor:", "auteur:", "text:", "texte:", "автор:"),
    "de": ("von",), "fr": ("par",), "es": ("por",), "pt": ("por",), "it": ("di",),
    "nl": ("door",), "sv": ("av",), "da": ("af",), "no": ("av",), "nb": ("av",),
    "pl": ("autor",), "cs": ("autor",), "ru": ("автор",), "uk": ("автор",),
}
# Words that may stand between or inside names: "Anna und Jan", "Ludwig van Beethoven".
NAME_CONNECTORS = set("und and et y e en og och i и & von van de der la le du da di".split())
CJK_BYLINE = re.compile(
    r"^[(（]?\s*"
    r"(?:记者|記者|文|编辑|編輯|责任编辑|責任編輯|作者|撰文|通讯员|通訊員|编译|編譯)\s*[:：/|]?\s*"
    r"[\u4e00-\u9fff·・]{2,4}(?:\s*[、,，]\s*[\u4e00-\u9fff·・]{2,4})*\s*[)）]?$"
)


def _is_byline(text: str, base: str) -> bool:
    if CJK_BYLINE.match(text):
        return True
    if text[-1] in SENTENCE_FINAL:
        return False
    body = text.lstrip("(（").rstrip(")）")
    prefixes = BYLINE_WORDS["*"] + BYLINE_WORDS.get(base, ())
    longest_first = sorted(prefixes, key=len, reverse=True)
    prefix = next((word for word in longest_first if body[: len(word)].lower() == word), None)
    if prefix is None:
        return False
    rest = body[len(prefix):]
    if not (prefix.endswith(":") or rest[:1].isspace()):
        return False  # "Bypass", "Vonovia"
    words = [word.strip(",;") for word in rest.split()]
    names = [word for word in words if word and word.lower() not in NAME_CONNECTORS]
    # One to six names, all capitalised: "Von Anna Beispiel und Jan Muster", "By AP".
    return 1 <= len(names) <= 6 and len(words) <= 8 and all(name[0].isupper() for name in names)


# --------------------------------------------------------------------------- URLs

URL_OR_EMAIL = re.compile(
    r"^[<(\[]?(?:"
    r"(?:https?|ftp)://\S+"
    r"|www\.\S+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}/\S*"
    r")[>)\]]?[.,;]?$",
    re.IGNORECASE,
)


# --------------------------------------------------------------------------- section labels

# Page widgets that appear as lines of their own ("Teilen", "Drucken", "Share").
WIDGET_WORDS = set(
    """
    share teilen drucken print tweet tweeten email e-mail mail kommentare kommentieren comments
    comment partager imprimer compartir imprimir condividi stampa delen printen поделиться печать
    facebook twitter whatsapp linkedin telegram x weiterlesen mehr more read lesen zurück back
    top nach oben link kopieren copy merken save speichern
    分享 打印 返回 收藏 评论 評論 转发 轉發 微信 微博
    """.split()
)
LABEL_WORD = re.compile(r"[^\W\d_][^\W\d_&'’.-]*")


def _is_widget_line(text: str) -> bool:
    tokens = [token for token in re.split(r"[\s|/·•,]+", text.lower()) if token]
    return 0 < len(tokens) <= 6 and all(token in WIDGET_WORDS for token in tokens)


def _is_section_label(text: str, paragraph_sentence_count: int) -> bool:
    if text[-1] in SENTENCE_FINAL or text[-1] in ":：":
        return False
    if _is_widget_line(text):
        return True
    if paragraph_sentence_count != 1:
        return False
    if CJK_CHAR.search(text):
        # "新闻", "国际新闻": a few Han/kana characters and nothing else.
        return len(text) <= 4 and all(CJK_CHAR.match(char) for char in text)
    words = text.split()
    if len(words) > 2 or len(text) > 30:
        return False
    if not all(LABEL_WORD.fullmatch(word) for word in words):
        return False
    # Two words are a label only when both are capitalised ("Top News"); a lower-case
    # second word suggests a short headline with a verb ("Minister zurückgetreten").
    return len(words) == 1 or all(word[0].isupper() for word in words)


# --------------------------------------------------------------------------- entry point


def boilerplate_reason(
    sentence: str, lang: str, *, paragraph_sentence_count: int = 1
) -> str | None:
    """Why `sentence` is not article content, or None.

    The reasons are 'url', 'language-menu', 'dateline', 'photo-credit', 'byline' and
    'section-label', tried in that order. `paragraph_sentence_count` is the number of
    sentences in the paragraph the sentence came from: a short line counts as a section
    label only when it stands alone. `lang` selects the byline words ("Von", "Par").
    """
    text = " ".join(sentence.split())
    if not text:
        return None
    if URL_OR_EMAIL.match(text):
        return "url"
    if _is_language_menu(text):
        return "language-menu"
    if _is_dateline(text):
        return "dateline"
    if _is_photo_credit(text):
        return "photo-credit"
    if _is_byline(text, base_language(lang)):
        return "byline"
    if _is_section_label(text, paragraph_sentence_count):
        return "section-label"
    return None
