"""MTQA201-203: pinyin transliterations, copied runs and untranslated sentences, on hand-built
documents with invented sentences."""

from __future__ import annotations


import pytest

from mtqa.checks import entities  # noqa: F401  (registers MTQA101)
from mtqa.checks import transliteration as tr
from mtqa.checks.base import REGISTRY, Counterpart, DocumentView, RawFinding, SentenceView
from mtqa.config import CheckConfig


def make_doc(rows: list[tuple[str, dict[str, str]]], target_lang: str = "de",
             boilerplate: dict[int, str] | None = None) -> DocumentView:
    """One target sentence per row, with what each version says there."""
    boilerplate = boilerplate or {}
    langs: list[str] = []
    sentences = []
    for index, (text, versions) in enumerate(rows):
        for lang in versions:
            if lang not in langs:
                langs.append(lang)
        counterparts = {lang: Counterpart(lang, said, "1-1", 0.8, 0.9) for lang, said in versions.items()}
        sentences.append(SentenceView(index, text, boilerplate.get(index), counterparts))
    return DocumentView(target_lang, sentences, langs)


def run(code: str, doc: DocumentView) -> list[RawFinding]:
    return list(REGISTRY[code].check(doc, CheckConfig()))


def spans(doc: DocumentView, findings: list[RawFinding]) -> list[str]:
    return [doc.sentences[f.sentence].text[f.start:f.end] for f in findings]


# --- the rules are registered and documented -------------------------------------------------


@pytest.mark.parametrize("code,name", [
    ("MTQA201", "pinyin-transliteration"), ("MTQA202", "untranslated-text"), ("MTQA203", "identical-to-source"),
])
def test_rules_registered_with_docs(code, name):
    rule = REGISTRY[code]
    assert (rule.name, rule.severity, rule.category) == (name, "major", "accuracy/untranslated")
    assert len(rule.summary) > 80 and len(rule.why) > 200 and "->" in rule.example
    assert rule.check is not None


# --- syllables ------------------------------------------------------------------------------


def test_inventory_from_pypinyin_is_small_and_clean():
    tr.pinyin_inventory.cache_clear()
    tr._pinyin_table.cache_clear()
    inventory = tr.pinyin_inventory()
    assert 380 <= len(inventory) <= 450
    assert {"zhuang", "xiong", "lv", "lu", "nve", "nue", "er", "a", "wan", "wu"} <= inventory
    assert not {"ng", "hm", "hng", "m", "n"} & inventory
    assert not {"fiao", "bong"} & inventory  # readings of a single rare character
    assert tr.pinyin_inventory() is inventory  # cached


@pytest.mark.parametrize("word,syllables", [
    ("Wanwu", ("wan", "wu")),
    ("Wensheng", ("wen", "sheng")),
    ("Zhongguancun", ("zhong", "guan", "cun")),
    ("xian", ("xian",)),  # one syllable beats xi+an
    ("Xi'an", ("xi", "an")),  # the apostrophe allows a vowel-initial syllable
    ("Xi\u2019an", ("xi", "an")),
    ("Changan", ("chan", "gan")),  # a later syllable may not start with a vowel
    ("W\u00e0nw\u00f9", ("wan", "wu")),  # tone marks
    ("L\u00fcqiu", ("lv", "qiu")),
    ("Lvqiu", ("lv", "qiu")),
    ("Die", ("die",)),
])
def test_segment_pinyin(word, syllables):
    assert tr.segment_pinyin(word) == syllables


@pytest.mark.parametrize("word", ["Bank", "Sie", "Haier", "Tiananmen", "s\u00e9curit\u00e9", "M\u00fcde", "Stra\u00dfe", "ng", ""])
def test_segment_pinyin_rejects(word):
    assert tr.segment_pinyin(word) is None


def test_distinctly_pinyin():
    assert tr.distinctly_pinyin(("zhi", "neng"))
    assert tr.distinctly_pinyin(("dian", "shang"))
    assert not tr.distinctly_pinyin(("wan", "wu"))
    assert not tr.distinctly_pinyin(("e", "xi", "de"))


def test_find_han_spelling():
    found = tr.find_han_spelling("天鹅未来发布了新芯片", "weilai")
    assert (found.start, found.end, found.chars, found.syllables) == (2, 4, "未来", ("wei", "lai"))
    assert found.describe() == "未来 (wei lai)"
    # polyphones: 长 reads chang or zhang
    assert tr.find_han_spelling("他去了长城", "zhangcheng").chars == "长城"
    assert tr.find_han_spelling("他去了长城", "changcheng").chars == "长城"
    assert tr.find_han_spelling("他去了长城", "wanwu") is None
    assert tr.find_han_spelling("abc", "") is None


# --- MTQA201 pinyin-transliteration ----------------------------------------------------------


def test_pinyin_with_chinese_version_quotes_the_characters():
    text = "Das Startup Zhineng Keji stellte am Montag einen Roboter vor."
    doc = make_doc([(text, {
        "en": "The start-up Smart Tech presented a robot on Monday.",
        "zh": "初创公司智能科技周一展示了一款机器人。",
    })])
    findings = run("MTQA201", doc)
    assert len(findings) == 1
    finding = findings[0]
    assert text[finding.start:finding.end] == "Zhineng Keji"
    assert (finding.version, finding.evidence, finding.confidence) == ("zh", "智能科技 (zhi neng ke ji)", 0.9)
    assert finding.code == "MTQA201" and "智能科技" in finding.message


def test_name_written_by_english_version_splits_the_run():
    text = "Die Nutzer der App Douyin Dianshang kaufen vor allem Kleidung."
    doc = make_doc([(text, {
        "en": "Users of the app Douyin e-commerce mostly buy clothes.",
        "zh": "抖音电商的用户主要购买服装。",
    })])
    findings = run("MTQA201", doc)
    assert spans(doc, findings) == ["Dianshang"]
    assert findings[0].evidence == "电商 (dian shang)"


def test_single_syllables_join_a_run_the_chinese_version_spells():
    text = "Das Labor Ling Yi Wanwu meldete einen Rekord."
    doc = make_doc([(text, {"zh": "零一万物实验室宣布了一项纪录。"})])
    findings = run("MTQA201", doc)
    assert spans(doc, findings) == ["Ling Yi Wanwu"]
    assert findings[0].evidence == "零一万物 (ling yi wan wu)"


def test_common_words_do_not_join_a_run():
    text = "Die Zhineng Keji gab bekannt, dass sie wachsen will."
    doc = make_doc([(text, {"zh": "智能科技宣布将扩张。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Zhineng Keji"]


def test_chinese_version_elsewhere_in_the_document_is_weaker_evidence():
    text = "Der Konzern Xinpian Guangdian baut ein neues Werk."
    doc = make_doc([
        (text, {"zh": ""}),  # no counterpart here (misaligned)
        ("Es soll 2026 fertig sein.", {"zh": "芯片光电的新工厂预计2026年完工。"}),
    ])
    findings = run("MTQA201", doc)
    assert spans(doc, findings) == ["Xinpian Guangdian"]
    assert (findings[0].version, findings[0].confidence) == ("zh", 0.7)


def test_pinyin_without_chinese_version_from_the_target_alone():
    text = "Der Hersteller Bandaoti Xinxiang meldete Verluste."
    doc = make_doc([(text, {"en": "The manufacturer Semiconductor Heart reported losses."})])
    findings = run("MTQA201", doc)
    assert spans(doc, findings) == ["Bandaoti Xinxiang"]
    assert findings[0].version is None and findings[0].evidence == ""
    assert 0.4 <= findings[0].confidence < 0.9
    # with no version at all it is still flagged
    alone = make_doc([(text, {})])
    assert spans(alone, run("MTQA201", alone)) == ["Bandaoti Xinxiang"]


def test_target_alone_needs_distinct_pinyin_spelling():
    # wan+wu could be a European word: without a Chinese version it is not flagged
    doc = make_doc([("Das Labor Wanwu meldete einen Rekord.", {"en": "The lab 01.AI reported a record."})])
    assert run("MTQA201", doc) == []


def test_chinese_version_that_spells_nothing_vetoes():
    text = "Der Hersteller Bandaoti Xinxiang meldete Verluste."
    doc = make_doc([(text, {"zh": "这家制造商报告了亏损。"})])
    assert run("MTQA201", doc) == []


def test_established_names_written_by_the_versions_are_not_flagged():
    text = "Li Wei von Huawei reiste von Shanghai nach Guangzhou, um Alibaba, Tencent und Hunyuan zu besuchen."
    doc = make_doc([(text, {
        "en": "Li Wei of Huawei travelled from Shanghai to Guangzhou to visit Alibaba, Tencent and Hunyuan.",
        "zh": "华为的李伟从上海前往广州，拜访阿里巴巴、腾讯和混元。",
    })])
    assert run("MTQA201", doc) == []
    # the same sentence without the English version: Hunyuan (混元) is unknown to wordfreq and
    # spelled by the Chinese version, so it is flagged; the well-known names still are not
    no_english = make_doc([(text, {"zh": "华为的李伟从上海前往广州，拜访阿里巴巴、腾讯和混元。"})])
    assert spans(no_english, run("MTQA201", no_english)) == ["Hunyuan"]


def test_name_written_by_a_version_elsewhere_in_the_document_is_legitimate():
    doc = make_doc([
        ("Die Firma Hunyuan Keji wuchs stark.", {"en": "The company grew strongly.", "zh": "混元科技增长强劲。"}),
        ("Hunyuan Keji ist in Peking ansässig.", {"en": "Hunyuan Keji is based in Beijing.", "zh": "混元科技总部位于北京。"}),
    ])
    assert run("MTQA201", doc) == []


def test_person_names_are_not_flagged():
    text = "Zhang Xiaoming und Xiaohong Wang leiten das Team."
    doc = make_doc([(text, {"zh": "张晓明和王晓红领导这个团队。"})])
    assert run("MTQA201", doc) == []


def test_the_name_of_a_train_or_ship_is_rightly_romanised():
    doc = make_doc([("Der Forschungseisbrecher Xuelong legte am Montag in Shanghai ab.", {"zh": "雪龙号科考船周一从上海启航。"})])
    assert run("MTQA201", doc) == []


@pytest.mark.parametrize("text,lang", [
    ("Die Bank hat ein Gen entdeckt.", "de"),
    ("Man sagt, Sie kommen bei Regen nicht.", "de"),
    ("Diese Leben in China sind lang.", "de"),
    ("Angela und Anna sahen den Tang am Strand.", "de"),
    ("The man ran a long way to change the yen for pounds.", "en"),
    ("Elle a change de chemin le long de la rue.", "fr"),
])
def test_ordinary_sentences_with_syllable_like_words(text, lang):
    versions = {"zh": "银行发现了一个基因。人们说他们下雨时不来。"}
    doc = make_doc([(text, versions)], target_lang=lang)
    assert run("MTQA201", doc) == []
    assert tr.find_pinyin_runs(text, lang) == []


def test_boilerplate_is_skipped():
    doc = make_doc([("Foto: Zhineng Keji", {"zh": "图片：智能科技"})], boilerplate={0: "credit"})
    assert run("MTQA201", doc) == []


def test_acronyms_are_not_pinyin():
    doc = make_doc([("Das Modell nutzt KI und AI von Xinpian.", {"zh": "该模型使用芯片的人工智能。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Xinpian"]


# --- MTQA202 untranslated-text ---------------------------------------------------------------


def test_copied_english_run_is_flagged():
    text = "Die Firma said that the results were good, hieß es am Abend."
    doc = make_doc([(text, {"en": "The company said that the results were good, it was reported in the evening."})])
    findings = run("MTQA202", doc)
    assert spans(doc, findings) == ["said that the results were good"]
    assert (findings[0].version, findings[0].evidence) == ("en", "said that the results were good")


def test_copied_french_run_is_flagged():
    text = "Le nouveau robot est disponible depuis hier, sagte der Chef."
    doc = make_doc([(text, {
        "fr": "Le nouveau robot est disponible depuis hier, a dit le patron.",
        "en": "The new robot has been available since yesterday, the boss said.",
    })])
    findings = run("MTQA202", doc)
    assert spans(doc, findings) == ["Le nouveau robot est disponible depuis"]
    assert findings[0].version == "fr"


@pytest.mark.parametrize("text,english", [
    ("Laut der South China Morning Post hat die World Artificial Intelligence Conference begonnen.",
     "According to the South China Morning Post, the World Artificial Intelligence Conference has begun."),
    ("Die Zahlen stammen von Sensor Tower und der Bank of China.",
     "The figures come from Sensor Tower and the Bank of China."),
    ("Die Konferenz findet in Hong Kong statt.", "The conference takes place in Hong Kong."),
    ("Sein Motto lautet „the best is yet to come“.", "His motto is 'the best is yet to come'."),
    ("Die Firma setzt auf große Sprachmodelle (large language models).",
     "The company relies on large language models."),
    ("Die Open-Source-Software ist gratis.", "The open-source software is free."),
])
def test_english_kept_legitimately_is_not_flagged(text, english):
    doc = make_doc([(text, {"en": english})])
    assert run("MTQA202", doc) == []


def test_shared_words_do_not_make_a_run():
    # "in", "so", "was", "man" are German words too
    text = "Was man in Berlin so hört, ist erstaunlich."
    doc = make_doc([(text, {"en": "What man in Berlin so hears is amazing."})])
    assert run("MTQA202", doc) == []


def test_identical_sentence_is_left_to_mtqa203():
    text = "The new robot will be sold from next month."
    doc = make_doc([(text, {"en": text})])
    assert run("MTQA202", doc) == []
    assert len(run("MTQA203", doc)) == 1


# --- MTQA203 identical-to-source -------------------------------------------------------------


def test_identical_sentence_is_flagged():
    text = "  The new  robot will be sold from next month. "
    doc = make_doc([(text, {"en": "the new robot will be sold from next month.", "fr": "Le robot sera vendu."})])
    findings = run("MTQA203", doc)
    assert len(findings) == 1
    finding = findings[0]
    assert text[finding.start:finding.end] == "The new  robot will be sold from next month."
    assert (finding.version, finding.evidence) == ("en", "the new robot will be sold from next month.")
    assert finding.confidence == 0.95


@pytest.mark.parametrize("text,other", [
    ("2024-08-25", "2024-08-25"),
    ("IC-Foto", "IC Photo"),
    ("South China Morning Post", "South China Morning Post"),
    ("https://example.com/news/artificial-intelligence-report", "https://example.com/news/artificial-intelligence-report"),
    ("Li Wei, Peking", "Li Wei, Peking"),
    ("read more", "Read more"),  # fewer than three words
    ("Der Robot ist da.", "The robot is here."),
])
def test_identical_dates_names_and_urls_are_not_flagged(text, other):
    doc = make_doc([(text, {"en": other})])
    assert run("MTQA203", doc) == []


def test_identical_boilerplate_is_skipped():
    text = "Read more about the new robot here."
    doc = make_doc([(text, {"en": text})], boilerplate={0: "menu"})
    assert run("MTQA203", doc) == []


# --- without wordfreq ------------------------------------------------------------------------


def test_builtin_word_list_when_wordfreq_is_missing(monkeypatch):
    monkeypatch.setattr(tr, "_FORCE_FALLBACK", True)
    assert tr.word_zipf("die", "de") == 6.0 and tr.word_zipf("zhineng", "de") == 0.0
    pinyin = make_doc([("Das Startup Zhineng Keji stellte einen Roboter vor.", {"zh": "智能科技展示了一款机器人。"})])
    assert spans(pinyin, run("MTQA201", pinyin)) == ["Zhineng Keji"]
    ordinary = make_doc([("Die Bank hat ein Gen entdeckt.", {"zh": "银行发现了一个基因。"})])
    assert run("MTQA201", ordinary) == []
    copied = make_doc([("Die Firma said that the results were good.", {"en": "The company said that the results were good."})])
    assert spans(copied, run("MTQA202", copied)) == ["said that the results were good"]


# --- short untranslated phrases and foreign script -------------------------------------------


def test_a_two_word_phrase_left_in_english_is_flagged():
    doc = make_doc([("Nach langer Debatte stimmten die board members dem Plan zu.",
                     {"en": "After a long debate the board members approved the plan."})])
    assert spans(doc, run("MTQA202", doc)) == ["board members"]


def test_loanwords_the_target_uses_are_not_untranslated():
    doc = make_doc([("Das Start-up entwickelt Software für das Team.", {"en": "The start-up develops software for the team."})])
    assert run("MTQA202", doc) == []


def test_a_long_lone_foreign_word_in_lower_case_is_flagged():
    doc = make_doc([("Die Arbeiten wurden wegen intempéries verlängert.", {"fr": "Les travaux ont été prolongés en raison des intempéries."})])
    assert spans(doc, run("MTQA202", doc)) == ["intempéries"]


def test_a_short_lone_foreign_word_the_target_does_not_know_is_flagged():
    doc = make_doc([("Der Markt wurde wegen der pluie am Samstag abgesagt.", {"fr": "Le marché a été annulé samedi à cause de la pluie."})])
    assert spans(doc, run("MTQA202", doc)) == ["pluie"]
    # a short word German knows, if rarely, is left alone
    doc = make_doc([("Die Firma zahlt die Miete im Voraus.", {"en": "The firm pays the rent in advance."})])
    assert run("MTQA202", doc) == []


def test_a_word_after_an_elided_article_is_compared_without_it():
    doc = make_doc([("Die Bauarbeiten wurden wegen intempéries bis Dezember verlängert.",
                     {"fr": "Les travaux ont été prolongés jusqu'en décembre à cause d'intempéries."})])
    assert spans(doc, run("MTQA202", doc)) == ["intempéries"]


@pytest.mark.parametrize("text, english, copied", [
    ("Freiwillige verteilten Decken an die stranded Fahrgäste.", "Volunteers handed out blankets to stranded passengers.",
     "stranded"),
    ("Die Bauern steigen auf drought-resistant Sorten um.", "Farmers are switching to drought-resistant varieties.",
     "drought-resistant"),
])
def test_a_lone_word_german_hardly_writes_is_untranslated(text, english, copied):
    doc = make_doc([(text, {"en": english})])
    assert spans(doc, run("MTQA202", doc)) == [copied]


@pytest.mark.parametrize("text, english", [
    ("Nach dem Urlaub wirkte er sehr relaxed.", "After the holiday he seemed very relaxed."),
    ("Der Konzern setzt auf outsourcing und recycling.", "The group relies on outsourcing and recycling."),
])
def test_anglicisms_german_writes_in_lower_case_are_not_untranslated(text, english):
    doc = make_doc([(text, {"en": english})])
    assert run("MTQA202", doc) == []


def test_chinese_characters_left_in_a_german_sentence():
    doc = make_doc([("Die Stadt stellt zwanzig neue 充电桩 auf.", {"zh": "市政府将新增二十个充电桩。"}),
                    ("Der Begriff „内卷“ (Involution) ist populär.", {"zh": "“内卷”一词很流行。"})])
    found = run("MTQA202", doc)
    assert spans(doc, found) == ["充电桩"] and found[0].version == "zh"


# --- romanised Chinese names the Chinese version does not spell (MTQA101) --------------------


def test_a_pinyin_name_the_chinese_does_not_spell_is_a_wrong_name():
    doc = make_doc([("Der Marathon findet am Sonntag in Chengdu statt.", {"zh": "马拉松将于周日在西安举行。"}),
                    ("Cheftrainer Gao Wei lobte die Abwehr.", {"zh": "主教练高明称赞了防守。"})])
    found = run("MTQA101", doc)
    assert spans(doc, found) == ["Chengdu", "Wei"]
    assert "西安" in found[0].message


def test_a_pinyin_name_the_chinese_spells_is_right():
    doc = make_doc([("Die Schwimmerin Chen Siyuan gewann in Chongqing.", {"zh": "游泳选手陈思远在重庆夺冠。"}),
                    ("Staatspräsident Xi Jinping empfing ihn in Peking.", {"zh": "国家主席习近平在北京会见了他。"}),
                    ("China und Hongkong einigten sich.", {"zh": "中国内地与香港达成一致。"})])
    assert run("MTQA101", doc) == []


def test_romanised_person_and_place_names_are_right_and_common_words_are_not():
    doc = make_doc([("Die Schwimmerin Chen Siyuan gewann in Chongqing.", {"zh": "游泳选手陈思远在重庆夺冠。"}),
                    ("Die Delegation besuchte Xiamen und Hangzhou.", {"zh": "代表团访问了厦门和杭州。"}),
                    ("Die Plattform für Wensheng Video wächst.", {"zh": "文生视频平台正在增长。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Wensheng"]


def test_names_of_people_and_places_the_chinese_has_are_rightly_romanised():
    doc = make_doc([("Der Pensionswirt Hao Jianjun sagte, die Regisseurin Sima Jingyi sei gekommen.",
                     {"zh": "民宿老板郝建军说，导演司马静怡来了。"}),
                    ("Die Skigebiete im Bezirk Chongli in Zhangjiakou meldeten einen Rekord.", {"zh": "张家口崇礼区的滑雪场创下纪录。"}),
                    ("Der Konzern Biyadi stellte ein Auto vor.", {"zh": "比亚迪推出了一款汽车。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Biyadi"]


def test_a_place_word_after_the_characters_or_a_city_opening_an_institution_makes_a_name():
    doc = make_doc([("Die Führerin brachte zehn Teilnehmer auf den Yaomei-Gipfel.", {"zh": "向导带领十名队员登顶幺妹峰。"}),
                    ("Das Team besuchte das Satellitenstartzentrum Jiuquan.", {"zh": "团队参观了酒泉卫星发射中心。"}),
                    ("Fengtian Motor drosselt die Produktion.", {"zh": "丰田汽车将减产。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Fengtian"]  # a company is known abroad by another name (Toyota)


def test_romanised_japanese_is_not_taken_for_pinyin():
    doc = make_doc([("Die Fähren zwischen Hakodate und Aomori fielen aus.", {"ja": "函館と青森を結ぶフェリーが欠航した。"})])
    assert run("MTQA201", doc) == []


def test_a_word_beside_a_copied_foreign_word_that_leans_to_the_source_language_is_copied_too():
    doc = make_doc([("Halten Sie die Bordkarte bereit, wenn Sie den security checkpoint erreichen.",
                     {"en": "Have your boarding pass ready when you reach the security checkpoint."})])
    assert spans(doc, run("MTQA202", doc)) == ["security checkpoint"]
    doc = make_doc([("Der Absatz stieg laut Union sport & cycle um ein Drittel.",
                     {"fr": "Les ventes ont augmenté d'un tiers, selon l'Union sport & cycle."})])
    assert run("MTQA202", doc) == []  # a name with lower-case words


def test_a_name_kept_in_its_own_language_is_not_untranslated():
    doc = make_doc([("Laut dem Office national des forêts brannten fast 25 Prozent der Kiefern.",
                     {"fr": "Selon l'Office national des forêts, près d'un quart des pins ont brûlé."})])
    assert run("MTQA202", doc) == []


def test_a_city_known_by_its_characters_is_rightly_romanised():
    doc = make_doc([("Der Großteil der Produktion entfiel auf Baotou in der Inneren Mongolei.", {"zh": "大部分产量来自内蒙古包头。"})])
    assert run("MTQA201", doc) == []


def test_a_long_word_the_target_does_not_know_makes_a_copied_run_foreign():
    doc = make_doc([("Ingenieure bauen an der Küste eine desalination plant gegen den Wassermangel.",
                     {"en": "Engineers are building a desalination plant on the coast against the water shortage."})])
    assert spans(doc, run("MTQA202", doc)) == ["desalination plant"]


def test_what_a_thing_is_called_and_a_reigns_name_are_rightly_romanised():
    doc = make_doc([("Das Bergdorf Shangbang erhielt im Mai einen Glasfaseranschluss.", {"zh": "一个名叫上榜的山村五月接入了光纤网络。"}),
                    ("Die Schale stammt aus der Yongzheng-Zeit.", {"zh": "这只碗出自雍正年间。"})])
    assert run("MTQA201", doc) == []
    # a common word romanised is still flagged, named or not
    doc = make_doc([("Die Firma zeigte ihr Wensheng-Video-Modell.", {"zh": "该公司展示了其文生视频模型。"})])
    assert run("MTQA201", doc) != []


def test_a_name_both_sides_quote_a_craft_and_a_station_are_rightly_romanised():
    doc = make_doc([("Der Panda „Mengmeng“ feierte seinen Geburtstag.", {"zh": "大熊猫“萌萌”庆祝了生日。"}),
                    ("Die Tianzhou-Raumfähre dockte an.", {"zh": "天舟飞船完成对接。"}),
                    ("Der Pegel an der Station Hankou sank.", {"zh": "汉口站水位回落。"})])
    assert run("MTQA201", doc) == []
    # a common word quoted in the source but not in the target is still romanised wrongly
    doc = make_doc([("Die Firma zeigte ihr Wensheng-Modell.", {"zh": "该公司展示了其“文生”模型。"})])
    assert run("MTQA201", doc) != []


def test_a_coined_term_both_sides_quote_is_still_a_romanised_common_word():
    doc = make_doc([("Das Unternehmen stellte sein „Wensheng Video“-Modell vor.", {"zh": "该公司发布了“文生视频”模型。"})])
    assert run("MTQA201", doc) != []


def test_a_mountain_or_island_name_romanised_whole_is_a_name():
    doc = make_doc([("Der Leuchtturm Huaniaoshan wurde 1870 errichtet.", {"zh": "花鸟山灯塔始建于1870年。"}),
                    ("Der Huoshan brach gestern aus.", {"zh": "火山昨天喷发了。"})])
    assert spans(doc, run("MTQA201", doc)) == ["Huoshan"]  # 火山 is a volcano, no name


def test_a_gorge_name_romanised_whole_is_a_name():
    doc = make_doc([("In der Basis Bifengxia leben 80 Pandas.", {"zh": "碧峰峡基地饲养着八十只大熊猫。"})])
    assert spans(doc, run("MTQA201", doc)) == []
