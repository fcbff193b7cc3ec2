"""Negation check: the target negates a statement that the versions affirm, or the reverse.

Negation is counted with each language's negators ("not", "nicht", "ne … pas", 不/没): a
negation added or dropped flips the meaning while every name and number still matches, so no
other check sees it. The count is compared per 1-1 unit; versions must agree with each other
before the target is questioned, and a lexical negative ("unable", "scheitern", "unfreundlich",
"beispiellos", 难以) may stand for a negator on the other side, so only a difference that such
words do not explain, and that changes the polarity (the parity of negators and lexical negatives:
a double negation or litotes rendered positively, 没有人不知道 = "fast jeder", keeps it), is reported.

"Without" and "unless" count as negators ("ohne", "sans", "es sei denn", 无需, 除非): they negate a phrase
or a condition, and a translation that drops them ("mit", "wenn") says the opposite.

Chinese is counted on words (jieba), not characters: 不 in 不得不 (must), 前所未有 (unprecedented)
or 不少 (many) negates nothing. Fixed expressions whose negator negates nothing ("not only",
"nothing but", かもしれない "may", なければならない "must") are taken out before counting.
"""

from __future__ import annotations

import re
from typing import Iterable

from mtqa.checks.base import DocumentView, RawFinding, rule
from mtqa.config import CheckConfig
from mtqa.words import titles

# Words (or for Chinese and Japanese, characters) that negate a clause, per language.
NEGATORS: dict[str, re.Pattern[str]] = {
    # "without" and "unless" negate a phrase or a condition as "not" does: "ohne", "es sei denn", "sans", 除非
    "de": re.compile(r"\b(?:nicht|kein(?:e[mnrs]?|erlei)?|nie|niemals|nirgends|nirgendwo|nichts|weder|niemand(?:e[mn])?"
                     r"|ohne|es sei denn|außer,? wenn)\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:not|no|never|nothing|none|neither|nor|nobody|cannot|without|unless)\b|n't\b", re.IGNORECASE),
    # "personne" negates only without a determiner ("une personne" is a person)
    # "ne … plus" (no longer): "plus" negates only after "ne" ("ne sera plus", "n'est plus")
    "fr": re.compile(r"\b(?:pas|jamais|aucune?|rien|ni|guère|sans|à moins (?:que?|d['’]))\b"
                     r"|\bn(?:e\s+|['’])(?:[\w'’-]+\s+){0,2}?plus\b"
                     r"|(?<!\bune )(?<!\bla )(?<!\bchaque )(?<!\bcette )(?<!\btoute )(?<!\bseule )\bpersonne\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:no|nunca|jamás|ningún|ninguna?|nada|nadie|ni|sin)\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:non|mai|nessun[oa]?|niente|nulla|né|senza)\b", re.IGNORECASE),
    "nl": re.compile(r"\b(?:niet|geen|nooit|niets|niemand|zonder)\b", re.IGNORECASE),
    "zh": re.compile(r"除非|不|没|沒|未|无|無|非|别|莫|勿|毋"),  # on characters; Chinese is counted on words (ZH_NEGATOR_WORDS)
    # ず and ぬ only after a verb's a-stem (行かず, 知らぬ): not in まず, わずか, 必ず, 死ぬ
    "ja": re.compile(r"なしで|なしに|抜きで|なければ|なくては|ない|ません|なかった|(?<=[かさたなまらわがばせ])(?<!ま)ず(?!っと|つ|か)|(?<=[かさたなまらわがば])ぬ"),
}
# Words that say "no" without a negator ("unable", "lack", "ohne", "sans", 难以): where either
# side has one, a translation may move the negation into or out of a word, so counts differ.
LEXICAL_NEGATIVES: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"\b(?:unfähig\w*|mangel\w*|fehl\w*|scheiter\w*|versag\w*|verweiger\w*|ablehn\w*|verhinder\w*|un(?:möglich|moglich)\w*)"
                     r"|\w{3,}(?:los|frei)(?:e[nmrs]?)?\b|\bfrühestens\b"  # alkoholfrei = without alcohol
                     r"|\b(?:außer|ausgenommen|ausschließlich|exklusive|erspar\w*|verschon\w*)\b"
                     # giving up = no longer doing; gratis = free of charge
                     r"|\b(?:aufgegeben|aufgeben|aufzugeben|verzicht\w*|unterlass\w*|gratis)\b"
                     # forbidden = not allowed; shut down = no longer in use; disappointing = not as hoped
                     r"|\b(?:verbot\w*|untersag\w*|stillgeleg\w*|enttäusch\w*)\b"
                     # sold out = none left: "ausverkauft" for 一台も残らなかった
                     r"|\b(?:ausverkauft\w*|vergriffen\w*)\b"
                     # warning against = advising not to: "warnen davor, Hunde … auszuführen" = "should not be walked"
                     r"|\bwarn\w*\s+(?:\w+\s+){0,3}?(?:davor|vor)\b"
                     # avoiding = not doing: "nicht … putzen" = "avoid brushing"; free of = without
                     r"|\b(?:vermeid\w*|vermied\w*|zu vermeiden)\b|\bfrei von\b"
                     # superfluous = not needed: "Bargeld ist überflüssig" = 无需使用现金
                     r"|\b(?:überflüssig\w*|entbehrlich\w*)\b"
                     # difficult = not easy: "keine leichte Aufgabe" = "une tâche difficile"
                     r"|\bschwierig(?:e[mnrs]?)?\b"
                     # the participles and zu-infinitives of the verbs above ("abgelehnt", "gescheitert")
                     r"|\b(?:abgelehnt\w*|abzulehnen|gescheitert\w*|gefehlt)\b"
                     # denying = saying that not: "dementierte", "bestritt", "leugnet"
                     r"|\b(?:dementier\w*|bestr(?:eit|itt)\w*|(?:ge)?leugne\w*)\b"
                     # a separable "lehnte … ab" at its clause's end, as "schloss … aus" below
                     r"|\blehnt\w*\b(?:[^.,;:]){0,100}?\bab\b(?=\s*(?:[.,;:!?]|$))"
                     # "statt" = instead of (not), but not the particle of "findet … statt" at a clause's end
                     r"|\b(?:an)?statt(?=\s+(?!und\b|oder\b|aber\b|sondern\b)\w)"
                     # ruling out = declaring not possible: "schließt … nicht aus" = "hält für möglich"
                     r"|\b(?:ausschließen|auszuschließen|ausgeschlossen)\b"
                     r"|\bschl(?:ie|o)(?:ß|ss)\w*\b(?:[^.,;:]|(?<=\d)[.,](?=\d)){0,100}?\baus\b(?=\s*(?:[.,;:!?]|$))",
                     re.IGNORECASE),  # erspart, verschont = spared (no longer has to)  # -los: beispiellos; frühestens = not before
    "en": re.compile(r"\b(?:unable|lack\w*|fail\w*|refus\w*|shortage|absence|impossible|den(?:y|ied|ies)|prevent\w*"
                     r"|except|excluding|instead|\w{3,}(?<!the)less|\w{3,}-?free"
                     r"|abandon\w*|renounc\w*|g(?:ave|ive|iven|iving) up|free"  # free = "kostenlos", without cost
                     r"|rul(?:e|es|ed|ing) out"  # declare not possible
                     r"|prohibit\w*|forb(?:id|ids|ade|idden)|banned|off[- ]limits|decommission\w*|disappoint\w*"
                     r"|sold out|out of stock|difficult|superfluous|needless|avoid\w*|refrain\w*|warn\w* against|at the earliest"
                     r"|un(?:common|usual|likely|clear|known|precedented|happy|fair|expected\w*|sure|safe"
                     r"|stable|popular|necessar\w*|aware|willing|acceptable|affordable|certain\w*|changed|affected"
                     r"|resolved|successful\w*))\b", re.IGNORECASE),  # homeless, tax-free
    "fr": re.compile(r"\b(?:incapables?|manqu\w*|faute|refus\w*|absence|impossible|pénurie|empêch\w*|échou\w*"
                     r"|hors|sauf|excepté|in(?:habituel|connu|certain|attendu|changé)\w*|imprévu\w*|abandonn\w*|renonc\w*|gratuit\w*"
                     r"|exclu(?:re|ant|t|s|e|es|ent|ait|aient|rait|ra)?"
                     # ignorer = not to know; interdit = not allowed; décevant = not as hoped
                     r"|ignor\w*|interdi\w*|désaffecté\w*|décevant\w*|déçu\w*|décevoir|dément\w*|démenti\w*"
                     r"|épuisé\w*|en rupture de stock|difficiles?|superflu\w*|inutiles?|évit\w*|au plus tôt)\b"
                     r"|\bau lieu\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:incapaces?|falta\w*|carec\w*|fracas\w*|rechaz\w*|impedi\w*|imposible|excepto|salvo"
                     r"|descart\w*|renunci\w*|abandon\w*|gratuit\w*|gratis|en lugar de|en vez de"
                     r"|prohib\w*|decepcion\w*|desment\w*|agotad\w*|difícil(?:es)?|superflu\w*|innecesari\w*|evit\w*|como muy pronto)\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:incapac\w*|manca\w*|mancan\w*|fallit\w*|fallir\w*|rifiut\w*|impossibil\w*|impedi\w*|evit\w*"
                     r"|vietat\w*|divieto|gratuit\w*|gratis|rinunc\w*|esclus\w*|escluder\w*|invece di|al posto di"
                     r"|difficil\w*|superflu\w*|inutil\w*|esaurit\w*|deludent\w*|delus\w*|smentit\w*|smentir\w*|al più presto)\b",
                     re.IGNORECASE),
    "zh": re.compile(r"缺|拒绝|难以|短缺|阻止|停电|断电|失败|禁止|放弃|毫无(?!疑问)|免费|排除|失望|售罄|卖光|脱销|避免|防止|以免|免得|以防"),  # 毫无 = not any; 免费 = free of charge; 防止 = so that not
    "ja": re.compile(r"停電|不足|欠|失敗|拒否|禁止|無し|できず|放棄|断念|取りやめ|無料|排除|否定|期待外れ|期待はずれ|失望"
                     r"|売り切れ|完売|品切れ|難し|避け|防[ぐぎげ]|防止"
                     # ノー before a loanword is "no": ノーシード (unseeded), ノーコメント; not ノーベル, ノート, ノース ...
                     r"|ノー(?!ベル|ト|ド|マル|ス|ブル|フォーク|ザン|マン|ラ)(?=[ァ-ヴ])"
                     # words made with 不 that say "not": 不慣れ (unfamiliar), 不明 (unknown), 不要 (unneeded) ...
                     r"|不(?:慣れ|明|可能|要|十分|合格|成立|採用|許可)"),
}
# Phrases where a negator does not negate ("nicht nur ... sondern auch", "not only").
NOT_NEGATING: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"\bnicht nur\b|\bnicht zuletzt\b|\bnicht mehr als\b|\bnichts als\b|\bkein Wunder\b"
                     # a rhetorical "no": "kein Zufall" says "for good reason"
                     r"|\bkein(?:e[nr]?)? Zufall\b|\bnicht von ungefähr\b"
                     # "kam nicht umhin" = had to
                     r"|\bnicht\s+umhin\w*"
                     # no choice but = must: "hatte keine andere Wahl, als"
                     r"|\bkeine (?:andere )?(?:Wahl|Alternative)\b,? als\b|\bnichts (?:anderes )?übrig\b,? als\b"
                     r"|\bohne (?:jeden )?Zweifel\b"
                     # a record: "so viele wie nie zuvor", "wie noch nie", "seit 1970 nicht mehr so niedrig"
                     r"|\bwie\s+(?:noch\s+)?nie(?:\s+zuvor)?\b|\bseit\b[^,.;]{1,60}?\bnicht mehr so\b"
                     r"|\bso\s+\w+\b[^,.;]{1,80}?\bseit\b[^,.;]{1,60}?\bnicht mehr\b|\bwie seit\b[^,.;]{1,60}?\bnicht mehr\b"
                     # litotes: "nicht selten" = often, "nicht schlecht" = good
                     r"|\bnicht (?:selten|schlecht|übel|umsonst|wenige[nrs]?)\b"
                     # hardly any: "fast keiner" = "kaum einer"
                     r"|\bfast (?:kein\w*|nie|niemand|nichts|ohne)\b"
                     # continuously: "ohne Unterbrechung" = 连续, "sans interruption"
                     r"|\bohne (?:jede )?(?:Unterbrechung|Pause)\b"
                     # a negated expectation is a surprise: "niemand hatte damit gerechnet"
                     r"|\bniemand(?:\s+\w+){0,2}?\s+(?:erwartet|gerechnet)\b", re.IGNORECASE),
    "en": re.compile(r"\bnot only\b|\bnot (?:just|merely|simply)\b|\bno-(?=\w)|\bno more than\b|\bnot least\b|\bnothing but\b|\bnot until\b"
                     r"|\bno later than\b|\bno sooner\b|\bcannot help but\b|\bcan't help but\b|\bno wonder\b"
                     r"|\bno matter\b|\bnot to mention\b|\bnot before\b|\bnever fail\w* to\b|\bno denying\b"
                     r"|\bnothing short of\b|\bnone other than\b|\bno doubt\b|\bwithout (?:a )?doubt\b"
                     r"|\b(?:like|as) never before\b|\b(?:no|not a) coincidence\b|\bnot by chance\b"
                     r"|\bnot for nothing\b|\b(?:no|little) (?:other )?(?:choice|option|alternative) but\b"
                     # litotes and records: "not bad" = good, "has not been this low since" = lowest since
                     r"|\bnot (?:bad|rarely|seldom|a few)\b|\bno small\b|\bnot been (?:this|so|as) \w+ since\b"
                     # hardly any: "almost no one" = "kaum jemand"
                     r"|\b(?:almost|nearly) (?:no|none|nobody|nothing|never|without)\b|\bwithout (?:a )?(?:break|interruption|pause)\b"
                     # a negated expectation is a surprise: "nobody expected"
                     r"|\b(?:nobody|no one|no-one)(?:\s+\w+)?\s+expected\b", re.IGNORECASE),
    "fr": re.compile(r"\bnon seulement\b|\bpas seulement\b|\bpas manqu\w* d(?:e\b|['’])|\bmanqu\w* pas d(?:e\b|['’])"
                     r"|\bd['’]autre (?:choix|solution|option) que\b|\brien que\b|\bpas plus tard que\b|\bpas mal\b|\bn['’]importe\b|\bpas avant\b|\bpas moins\b"
                     r"|\bpas rare\b|\bsans (?:doute|cesse)\b|\bcomme jamais\b"
                     # "plus que jamais" (more than ever), "si jamais" (if ever), "à jamais" (for ever)
                     r"|\b(?:que|si|à(?: tout)?) jamais\b"
                     r"|\bpas (?:un |par )?hasard\b|\bpas étonnant\b|\bpas surprenant\b|\bsans fil\b"  # sans fil = wireless
                     # "ne … plus que" is "only … (any more)": "il ne reste plus que deux jours"
                     r"|\bn(?:e\s+|['’])(?:(?!pas\b)[\w'’-]+\s+){0,2}?plus\s+(?:[\w'’-]+\s+){0,2}?qu(?:e\b|['’])"
                     # negative concord: "sans qu'aucun blessé" (without any) negates once, as "aucun" does
                     r"|\bsans(?=\s+(?:qu['’]\s*)?(?:aucune?|rien|personne|jamais)\b)"
                     # hardly any: "presque aucun" = "kaum einer"; a negated expectation is a surprise
                     r"|\bpresque (?:aucune?|personne|rien|jamais|sans)\b|\b(?:personne|nul) ne s['’]attend\w*"
                     r"|\bsans (?:aucune )?(?:interruption|arrêt|relâche|discontinuer)\b"
                     # a record: "n'avait pas été aussi bas depuis" = lowest since
                     r"|\bpas été (?:aussi|si) \w+ depuis\b", re.IGNORECASE),
    # "no … más que" is "only"; "sin embargo" is "however"; "no es de extrañar" is "no wonder"
    "es": re.compile(r"\bno s[oó]lo\b|\bno\s+(?:\w+\s+){0,2}?(?:otra (?:opción|alternativa|salida)|más remedio)\s+que\b|\bsin embargo\b|\bno obstante\b|\bsin duda\b|\bno es de extrañar\b"
                     r"|\bno (?:es|fue|era) (?:casualidad|raro|casual)\b|\bno por casualidad\b|\bno en vano\b"
                     r"|\bno (?:está|estuvo|es|era|son) (?:nada )?mal\b|\bno pocas veces\b|\bcomo nunca\b"
                     r"|\bno\s+(?:(?:se|le|les|lo|la|los|las|me|te|nos)\s+)?\w+\s+(?:\w+\s+)?más\s+que\b"
                     r"|\bcasi (?:nadie|nada|nunca|ningun[oa]?|sin)\b|\bnadie (?:se )?esperaba\b|\bsin (?:interrupción|pausa)\b"
                     r"|\bno (?:había|ha) estado (?:tan|así de) \w+ desde\b", re.IGNORECASE),
    "it": re.compile(r"\bnon solo\b|\bnon\s+(?:\w+\s+){0,2}?altra (?:scelta|alternativa|soluzione)\s+(?:che|se non)\b|\bnon soltanto\b|\bsenza dubbio\b|\bnon (?:è|fu) un caso\b|\bnon a caso\b"
                     r"|\bnon (?:è )?male\b|\bnon di rado\b|\bcome mai prima\b|\bnon c['’]è da stupirsi\b"
                     r"|\bquasi (?:nessun[oa]?|niente|nulla|mai|senza)\b|\bsenza (?:interruzion[ei]|sosta|pausa)\b"
                     # "non … che" before an amount is "only": "non erano disponibili che pochi biglietti"
                     r"|\bnon\s+(?:\w+\s+){1,3}?che\s+(?=(?:poch\w*|un[oa]?|qualche|alcun\w*|due|tre|\d))"
                     # litotes: "non è raro" = often
                     r"|\bnon (?:è |era |sono )?(?:raro|rara|rari|rare|insolit[oaie]|infrequent[ei])\b", re.IGNORECASE),
    "nl": re.compile(r"\bniet alleen\b|\bzonder twijfel\b|\bgeen wonder\b|\bgeen toeval\b|\bniet slecht\b"
                     r"|\bniet zelden\b|\bbijna (?:geen|niemand|niets|nooit)\b", re.IGNORECASE),
    "zh": re.compile(r"不仅|不但|不断|不少|无论|不论|非常|并非只|未来|无人机|不久|毫无疑问|不同|而不是|何尝不"
                     # at most / at least: 不得高于 (not above) = "höchstens", as "nicht mehr als" is in German
                     r"|不(?:得|能|可|会)?(?:高于|超过|多于|低于|少于)"
                     r"|(?:并非|不是|绝非|并不是)偶然|不足为奇"
                     # litotes: 毫不稀奇 (not at all strange) = perfectly normal; 几乎没有 (hardly any), unless a second
                     # negator makes it "almost everyone" (几乎没有人不知道)
                     r"|不(?:可|容)(?:小觑|小视|忽视|低估)"  # cannot be underestimated = considerable
                     r"|(?:毫不|并不|不)(?:稀奇|奇怪|罕见|为过)|几乎(?:没有|没|不)(?![^，。；]{0,8}不)|没(?:有)?(?:人)?想到"),
    # a negation before "hardly any" makes "almost all" (知らない人はほとんどいない): the two cancel, and
    # matching them together keeps "hardly any" from cancelling alone
    "ja": re.compile(r"(?:ない|なかった)[^、。]{0,12}?(?:ほとんど|めったに|滅多に)[^、。]{0,15}?(?:ない|ません|なかった)"
                     r"|かもしれな|かも知れな|なければならな|なければなりません|なくてはならな|ざるを得な|ざるをえな"
                     r"|無ければならな|無くてはならな|無くてはなりません"
                     r"|だけでなく|のみならず|少なくな|欠かせな|違いな|に過ぎな|にすぎな|ほかならな|止まらな|とどまらな"
                     # adjectives that end in ない without negating: 少ない (few), 危ない (dangerous), ...
                     r"|少な|危な|切な|情けな|もったいな|申し訳な|仕方な|つまらな|間違いな"
                     # needless to say, before ... passes, only (しか ... ない); しないわけにはいかない is a
                     # double negation, which the polarity comparison takes care of
                     r"|までもな|ないうちに|しか[^、。]{0,20}?(?:ない|ません|なかった|(?<=[かさたなまらわがばせ])ず)"
                     r"|偶然ではな|無理もな|不思議ではな|悪くな"
                     # hardly any, rarely: ほとんど … ない, めったに … ない
                     r"|(?:ほとんど|めったに|滅多に)[^、。]{0,15}?(?:ない|ません|なかった)"),
}
# Negations a translation may state or leave out without changing the statement: a corrective "not X
# but Y" ("nicht gestiegen, sondern stabil geblieben" = "resté stable", 不是…而是), and "hardly", which
# some languages say with a negator (ne … guère) and others without (kaum, hardly, apenas). Where
# either side has one, polarities that differ by it are no flip.
OPTIONAL_NEGATION: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"\b(?:nicht|kein\w*)\b[^.;:!?]{1,80}?\bsondern\b|\bkaum\b", re.IGNORECASE),
    # a "but" after a comma is mostly a new clause ("did not win, but he ..."), not a correction
    "en": re.compile(r"\bnot\b[^,.;:!?]{1,60}?\sbut\b|\bbut rather\b|\b(?:hardly|barely|scarcely)\b", re.IGNORECASE),
    "fr": re.compile(r"\bnon pas\b[^.;:!?]{1,60}?\bmais\b|\bpas\b[^,.;:!?]{1,60}?\smais\b|\bmais plutôt\b"
                     r"|\bguère\b|\bà peine\b", re.IGNORECASE),
    "es": re.compile(r"\bno\b[^.;:!?]{1,80}?\bsino\b|\bapenas\b", re.IGNORECASE),
    "it": re.compile(r"\bnon\b[^.;:!?]{1,80}?\bbensì\b|\b(?:appena|a malapena)\b", re.IGNORECASE),
    "nl": re.compile(r"\bniet\b[^.;:!?]{1,80}?\bmaar juist\b|\b(?:nauwelijks|amper)\b", re.IGNORECASE),
    "zh": re.compile(r"(?:不是|并非|并不是)[^，。；！？]{0,30}而是|几乎不"),
}


def optional_negation(text: str, lang: str) -> bool:
    pattern = OPTIONAL_NEGATION.get(lang)
    return bool(pattern and pattern.search(text))


# "Not until" is said without a negator in some languages: "erst nach", "only after", 才. Where one side
# has a negator and "until" and the other says "only then", that negator is the "not" of "not until".
UNTIL: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:until|till|before)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:bis|bevor|vor)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:avant|jusqu)", re.IGNORECASE),
    "es": re.compile(r"\b(?:hasta|antes)\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:fino|finché|prima)\b", re.IGNORECASE),
    "zh": re.compile(r"之前|以前|直到"),
    "ja": re.compile(r"まで|前に"),
}
ONLY_THEN: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"\berst\b", re.IGNORECASE),
    # "must wait until spring" = "not before spring"
    "en": re.compile(r"\bonly (?:after|when|once|then|if)\b|\bwait(?:s|ed|ing)? (?:until|till)\b", re.IGNORECASE),
    # "ne … qu'à la reprise" = only at the resumption
    "fr": re.compile(r"\bqu['’]?(?:après|une fois|lorsque|quand|à|au|en)\b|\bseulement (?:après|quand|lorsque|une fois)\b",
                     re.IGNORECASE),
    "es": re.compile(r"\bs[oó]lo (?:después|cuando|una vez|si)\b", re.IGNORECASE),
    "it": re.compile(r"\bsolo (?:dopo|quando|una volta|se)\b|\bsoltanto (?:dopo|quando)\b", re.IGNORECASE),
    "zh": re.compile(r"才|要等到|等到"),
    "ja": re.compile(r"初めて|ようやく|まで待"),
}


# "Not after" is "only until": "non saranno più possibili dopo il 15" = "nur bis zum 15. möglich".
AFTER: dict[str, re.Pattern[str]] = {
    "en": re.compile(r"\b(?:after|beyond|past)\b", re.IGNORECASE),
    "de": re.compile(r"\b(?:nach|ab)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:après|au-delà)\b", re.IGNORECASE),
    "es": re.compile(r"\b(?:después|a partir)\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:dopo|oltre)\b", re.IGNORECASE),
    "zh": re.compile(r"之后|以后"),
    "ja": re.compile(r"以降|過ぎ"),
}
ONLY_UNTIL: dict[str, re.Pattern[str]] = {
    "de": re.compile(r"\b(?:nur|lediglich)\s+(?:noch\s+)?bis\b", re.IGNORECASE),
    "en": re.compile(r"\bonly\s+(?:until|till|up to)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:seulement|uniquement)\s+jusqu|\bqu['’]\s*jusqu", re.IGNORECASE),
    "es": re.compile(r"\b(?:s[oó]lo|solamente|únicamente)\s+hasta\b", re.IGNORECASE),
    "it": re.compile(r"\b(?:solo|soltanto|solamente)\s+(?:fino|entro)\b", re.IGNORECASE),
}


def not_until(text: str, lang: str, negators: int, other: str, other_lang: str) -> int:
    """1 where ``text`` (with ``negators`` negators) says "not … until" and ``other`` says "only then",
    or ``text`` says "not … after" and ``other`` "only until": one of its negators is accounted for."""
    if not negators:
        return 0
    pairs = ((UNTIL.get(lang), ONLY_THEN.get(other_lang)), (AFTER.get(lang), ONLY_UNTIL.get(other_lang)))
    return int(any(mark and only and mark.search(text) and only.search(other) for mark, only in pairs))


# Chinese words that negate a clause (jieba's segmentation); 不得不, 前所未有, 毫无 are words of their own.
ZH_NEGATOR_WORDS = frozenset(
    "不 没 沒 没有 沒有 未 尚未 并未 從未 从未 未能 未曾 无 無 非 并非 別 别 莫 勿 不是 不会 不會 不能 不要 不再 "
    "不必 不用 不可 不该 不应 不应该 绝不 决不 从不 毫不 并不 并没有 也不 都不 还没 还没有 不曾 谈不上 "
    "无法 无需 无须 毋须 除非 请勿 切勿 不得 不予 未予 不准 不许 不宜 不想 不愿 不愿意 不敢 不肯 无从".split()
)


def _zh_negating_word(word: str) -> bool:
    """A negator word, or a negator that jieba joined to the next verb, or the word before it, as a word
    its dictionary does not hold (不排 in 没有一天不排起长队): dictionary words made with 不 or 没 (不过
    "but", 不错 "good") are words of their own."""
    if word in ZH_NEGATOR_WORDS:
        return True
    if len(word) not in (2, 3) or (word[0] not in "不没未" and word[-1] not in "不没未"):
        return False  # (or to the word before it: 中未 in 过程中未发现)
    import jieba

    jieba.initialize()
    return not jieba.dt.FREQ.get(word)


def _german_un_words(text: str) -> int:
    """How many un- words whose stem is a German word: negatives in one word. Adjectives ("unfreundlich",
    "unverzichtbar") and the nouns made from them ("Unsicherheit", "Unkenntnis") count; other nouns
    negate nothing ("Unwetter", "Unfall", "Unmenge")."""
    from mtqa.checks.transliteration import word_zipf

    count = 0
    for match in re.finditer(r"\b([Uu])n([a-zäöüß]{4,})", text):
        stem = match.group(2)
        if match.group(1) == "U" and not ABSTRACT_NOUN.search(stem):
            continue
        count += (not stem.startswith("ter") and not GERMAN_UN_INTENSIFIERS.match(stem)
                  and (word_zipf(stem, "de") or 0.0) >= 2.0)
    return count


# un- words that say "directly", "absolutely", "about" or "very" rather than "not": "unmittelbare Gefahr"
GERMAN_UN_INTENSIFIERS = re.compile(r"(?:mittelbar|bedingt|gefähr|geheuer|glaublich|zählig|heimlich|längst)")
ABSTRACT_NOUN = re.compile(r"(?:heit|keit|nis|nisse[ns]?|heiten|keiten)$")
# un- verbs that undo rather than negate ("unveiled", "unlocked")
ENGLISH_REVERSALS = re.compile(r"^(?:veil|fold|lock|pack|load|leash|tie|wrap|plug|earth|seat|cover|dress|roll|zip"
                               r"|screw|do|block|mask|freeze|bundle|list|install|subscribe|follow|friend)(?:s|ed|ing|d)?$")


def _english_un_words(text: str) -> int:
    """How many un- words outside the list above whose stem is an English word ("unimpressed",
    "unconvinced"): negatives in one word, so "not unimpressed" is a litotes."""
    from mtqa.checks.transliteration import word_zipf

    listed = LEXICAL_NEGATIVES["en"]
    return sum(1 for match in re.finditer(r"\bun([a-z]{4,})\b", text)
               if match.group() != "unless" and not listed.fullmatch(match.group())
               and not ENGLISH_REVERSALS.match(match.group(1)) and (word_zipf(match.group(1), "en") or 0.0) >= 3.0)


def lexical_negatives(text: str, lang: str) -> int:
    """How many words say "no" without a negator ("unable", "ohne", "beispiellos", 难以)."""
    pattern = LEXICAL_NEGATIVES.get(lang)
    found = len(pattern.findall(text)) if pattern else 0
    return found + {"de": _german_un_words, "en": _english_un_words, "zh": _zh_negative_idioms}.get(lang, lambda _: 0)(text)


def _zh_negative_idioms(text: str) -> int:
    """Four-character idioms with a negator in them (寸草不生 "barren", 一无所知 "knows nothing") and words
    made with 无, "without" (无休 "without a day off", 无偿 "free of charge"): a translation may keep the
    "no" ("kein Grashalm", "ohne Ruhetag") or not ("öde", "täglich geöffnet"), as with any lexical negative."""
    from mtqa.words import jieba_words

    cleaned = NOT_NEGATING["zh"].sub(lambda m: " " * len(m.group()), text)
    cleaned = LEXICAL_NEGATIVES["zh"].sub(lambda m: " " * len(m.group()), cleaned)  # 毫无道理: 毫无 counts already
    return sum(1 for word, _, _ in jieba_words(cleaned) if not _zh_negating_word(word) and (
        (len(word) == 4 and any(c in "不无没未非" for c in word)) or (len(word) in (2, 3) and word[0] == "无")))


def negations(text: str, lang: str) -> list[re.Match[str]]:
    """The negating words of ``text`` (phrases such as "not only" excluded)."""
    pattern = NEGATORS.get(lang)
    if pattern is None:
        return []
    exempt = NOT_NEGATING.get(lang)
    cleaned = exempt.sub(lambda m: " " * len(m.group()), text) if exempt else text
    if lang == "zh":
        from mtqa.words import jieba_words

        return [m for m in pattern.finditer(cleaned) if _zh_negating_word(_zh_word_at(jieba_words(cleaned), m.start()))]
    return list(pattern.finditer(cleaned))


def negation_parity(text: str, lang: str, besides: Iterable[tuple[int, int]] = ()) -> int:
    """The polarity MTQA601 compares: the parity of a text's negators and lexical negatives, the
    words at the spans ``besides`` left out (the words another check compares itself)."""
    for start, end in besides:
        text = text[:start] + " " * (end - start) + text[end:]
    return _parity(len(negations(text, lang)), lexical_negatives(text, lang))


def _parity(negators: int, lexical: int) -> int:
    return (negators + lexical) % 2


def _outside(matches: list[re.Match[str]], spans: list[tuple[int, int]]) -> list[re.Match[str]]:
    """The negators outside the given spans: a title both sides quote is translated as a whole, so its
    "nichts" ("Im Westen nichts Neues" = "All Quiet on the Western Front") says nothing of the sentence."""
    return [m for m in matches if not any(a <= m.start() and m.end() <= b for a, b in spans)]


def _zh_word_at(words: list[tuple[str, int, int]], position: int) -> str:
    return next((word for word, start, end in words if start <= position < end), "")


@rule("MTQA601", "negation-mismatch", "critical", "accuracy/mistranslation",
      summary="The target has more or fewer negations than its counterpart in the versions (a statement flipped).",
      why="An added or dropped 'nicht' reverses the meaning while names and numbers still match, so nothing else catches it.",
      example="en: 'The bank does not expect to raise rates.'  de: 'Die Bank rechnet damit, die Zinsen zu erhöhen.' -> MTQA601.")
def negation_mismatch(view: DocumentView, config: CheckConfig) -> Iterable[RawFinding]:
    if view.target_lang not in NEGATORS:
        return
    for sentence in view.content():
        target_titles = titles(sentence.text)
        quoting = any(titles(part.text) for part in sentence.counterparts.values())
        own = _outside(negations(sentence.text, view.target_lang), target_titles if quoting else [])
        own_lexical = lexical_negatives(sentence.text, view.target_lang)
        counts: dict[str, tuple[int, int]] = {}  # version -> (negators, lexical negatives)
        for lang, part in sentence.counterparts.items():
            if part.text and part.alignment == "1-1" and lang in NEGATORS:
                negators = len(_outside(negations(part.text, lang), titles(part.text) if target_titles else []))
                negators -= not_until(part.text, lang, negators, sentence.text, view.target_lang)
                counts[lang] = (negators, lexical_negatives(part.text, lang))
        if not counts or len({n for n, _ in counts.values()}) > 1:
            continue  # no comparable version, or the versions disagree among themselves
        negated = len(own) - max(not_until(sentence.text, view.target_lang, len(own), sentence.counterparts[lang].text, lang)
                                 for lang in counts)
        # A lexical negative that the other side lacks may stand for a negator there ("unable" =
        # "nicht können", 不友好 = "unfreundlich"); only a difference no such word explains is a flip.
        if all(_parity(negated, own_lexical) == _parity(n, lexical) for n, lexical in counts.values()):
            continue  # same polarity: a double negation or litotes rendered positively ("not uncommon" = "häufig")
        own_optional = optional_negation(sentence.text, view.target_lang)
        if all(abs(negated + own_lexical - n - lexical) == 1
               and (own_optional or optional_negation(sentence.counterparts[lang].text, lang))
               for lang, (n, lexical) in counts.items()):
            continue  # one negation apart, and that one a translation may leave out
        if all(negated > n + max(0, lexical - own_lexical) for n, lexical in counts.values()):
            start, end = own[-1].span()
            message = f"negation '{sentence.text[start:end]}' that the versions do not have"
        elif all(negated + max(0, own_lexical - lexical) < n for n, lexical in counts.values()):
            start, end = 0, len(sentence.text)
            message = "the versions negate this statement but the target does not"
        else:
            continue
        for lang in counts:
            yield RawFinding("MTQA601", sentence.index, start, end, message, version=lang,
                             evidence=sentence.counterparts[lang].text, confidence=0.6)
