"""City names across languages (GeoNames) and the place swaps MTQA101 finds with them."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.config import CheckConfig
from mtqa.places import cities_in_characters, cities_named


def flagged(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA101"]))
    return [(target[f.start:f.end], f.evidence) for f in found.get(0, [])]


def test_one_city_in_several_languages_and_scripts():
    lisbon = cities_named("Lisbon")
    assert lisbon and lisbon & cities_named("Lissabon") and lisbon & cities_named("Lisbonne")
    assert cities_named("Regensburg") & cities_named("Ratisbonne")
    assert cities_named("Den Haag") & cities_named("The Hague")
    assert cities_named("Porto") and not cities_named("Porto") & lisbon


def test_accents_codes_and_small_towns_are_not_city_names():
    assert not cities_named("Zölle")  # customs duties; "Zolle" is another name of Zwolle
    assert not cities_named("OPO")  # Porto's airport code
    assert not cities_named("Laufzeit")


def test_city_names_in_characters_begin_and_end_where_words_do():
    [(start, end, fukuoka)] = cities_in_characters("福岡市では再開発が進んでいる。", "ja")
    assert (start, end) == (0, 3) and fukuoka & cities_named("Fukuoka")
    # 北海 (Beihai) inside 北海道 is no city: the name is the whole of Hokkaido
    assert cities_in_characters("北海道の知事が発表した。", "ja") == [(0, 3, cities_named("Hokkaido"))]
    assert not cities_named("Hokkaido") & cities_named("Beihai")
    assert cities_in_characters("联合国秘书长呼吁停火。", "zh") == []
    text = "公司将在挪威奥斯陆开设中心。"
    [(_, _, norway), (start, end, oslo)] = cities_in_characters(text, "zh")
    assert text[start:end] == "奥斯陆" and oslo & cities_named("Oslo") and norway == cities_named("Norway")


def test_a_city_swapped_for_another_is_a_wrong_name():
    assert flagged("Die Konferenz findet im kommenden Frühjahr in Lissabon statt.",
                   {"en": "The conference will take place in Porto next spring."}) == [("Lissabon", {"en": "Porto"})]
    assert flagged("In Fukushima werden immer mehr Bürohochhäuser gebaut.",
                   {"ja": "福岡市では、高層オフィスビルの建設が相次いでいる。"}) == [("Fukushima", {"ja": "福岡市"})]


def test_exonyms_and_cities_left_implicit_are_not_swaps():
    assert flagged("Der Hafen von Antwerpen meldet weniger Container.", {"fr": "Le port d'Anvers signale moins de conteneurs."}) == []
    assert flagged("Der Gipfel in Regensburg endete ohne Einigung.", {"fr": "Le sommet de Ratisbonne s'est terminé sans accord."}) == []
    assert flagged("Das Treffen in Den Haag wurde verschoben.", {"zh": "在海牙举行的会议被推迟。"}) == []
    # a city the target adds on its own, with nothing in the version it could stand for
    assert flagged("Die Regierung in Berlin kündigte Hilfen an.", {"en": "The government announced aid."}) == []
    # a town's name that is a common word of the target ("Essen", food)
    assert flagged("Das Essen in Porto war gut, sagte sie in Lyon.", {"en": "The food in Porto was good, she said in Paris."}) \
        == [("Lyon", {"en": "Paris"})]


def test_a_place_inside_a_longer_name_is_a_name_not_the_place():
    assert flagged("Bayern München schlug Inter Mailand mit 3:1.", {"en": "Bayern Munich beat Inter Milan 3-1."}) == []
    assert flagged("Singapurs Premier Lawrence Wong sprach in Tokio.", {"zh": "新加坡总理黄循财在东京发表讲话。"}) == []


def test_a_city_in_an_institutions_name_is_compared_too():
    assert flagged("Forschende der Universität Glasgow entwickelten einen Bluttest.",
                   {"en": "Researchers at the University of Edinburgh developed a blood test."}) == [("Glasgow", {"en": "Edinburgh"})]
    assert flagged("Ein Team der Universität Osaka begann eine Studie.", {"ja": "京都大学の研究チームは臨床試験を始めた。"}) \
        == [("Osaka", {"ja": "京都"})]
    assert flagged("Ein Team der Universität Kyoto begann eine Studie.", {"ja": "京都大学の研究チームは臨床試験を始めた。"}) == []
    # Latin words in a Japanese version are read without a Japanese word list
    assert flagged("JR Ost stellte den Verkehr ein.", {"ja": "JR東日本は運転を見合わせた。"}) == []


def test_katakana_v_spellings_and_frequent_german_city_names_are_read():
    assert cities_named("ジュネーブ") and cities_named("ジュネーブ") == cities_named("ジュネーヴ") == cities_named("Genf")
    # "München" is a frequent German word to a word list, but still renders ミュンヘン
    assert flagged("Die Reise führt mit der Bahn von München nach Genf.", {"ja": "ミュンヘンからジュネーブまで鉄道で移動します。"}) == []
    assert flagged("Die Reise führt mit der Bahn von München nach Basel.", {"ja": "ミュンヘンからジュネーブまで鉄道で移動します。"}) \
        == [("Basel", {"ja": "ジュネーブ"})]


def test_towns_are_known_by_their_own_name_unless_it_is_a_word():
    assert cities_named("Troyes") and cities_named("Lorient") and cities_named("Dorsten")
    assert not cities_named("Singen") and not cities_named("Hof")  # singen, Hof: words of German
    assert flagged("Die Fischer von Concarneau blockierten den Hafen.", {"fr": "Les pêcheurs de Lorient ont bloqué le port."}) == [
        ("Concarneau", {"fr": "Lorient"})]


def test_countries_are_places_by_their_names_in_several_languages_and_scripts():
    from mtqa.places import is_country

    norway = cities_named("Norwegen")
    assert norway and norway == cities_named("Norway") == cities_named("Norvège") == cities_named("ノルウェー") == cities_named("挪威")
    assert all(is_country(place) for place in norway)
    assert not any(is_country(place) for place in cities_named("Oslo"))


def test_a_country_swapped_for_another_is_a_wrong_name():
    assert flagged("Die Kupferausfuhren nach Chile stiegen im dritten Quartal deutlich.",
                   {"en": "Copper exports to Peru rose sharply in the third quarter."}) == [("Chile", {"en": "Peru"})]
    assert flagged("Die Fähre nach Schweden fällt am Wochenende aus.",
                   {"ja": "週末のノルウェー行きのフェリーは欠航する。"}) == [("Schweden", {"ja": "ノルウェー"})]


def test_a_country_rendered_by_its_adjective_or_by_a_city_is_no_swap():
    # the version's country is the target's adjective ("chinesische" for 中国)
    assert flagged("Das chinesische Unternehmen baut ein Werk in Deutschland.", {"zh": "这家中国企业将在德国建厂。"}) == []
    assert flagged("Der polnische Verband tagte in Frankreich.", {"en": "The Polish federation met in France."}) == []
    # a country for a city, or a city for a country, is a translator's choice, not another place of the kind
    assert flagged("Der Gipfel in der Schweiz endete ohne Einigung.", {"en": "The summit in Geneva ended without a deal."}) == []


def test_a_demonym_is_read_as_its_country_only_with_a_demonyms_ending():
    from mtqa.places import country_of_demonym

    norway = next(iter(cities_named("Norway")))
    assert country_of_demonym("norwegischen") == country_of_demonym("Norwegian") == norway
    assert country_of_demonym("Niederlage") is None  # defeat, not Dutch: no demonym's ending
    assert country_of_demonym("Norwegen") is None  # the country's name is a place, read as such
    assert country_of_demonym("kongolesische") is None  # either Congo


def test_irregular_demonyms_are_read_from_the_list_in_every_inflection():
    from mtqa.places import country_of_demonym

    netherlands, denmark = next(iter(cities_named("Netherlands"))), next(iter(cities_named("Denmark")))
    # adjectives that do not begin as their country's name does ("Dutch", "niederländisch" for "Niederlande")
    assert country_of_demonym("Dutch") == country_of_demonym("niederländischen") == country_of_demonym("neerlandés") == netherlands
    assert country_of_demonym("Danish") == country_of_demonym("Dänen") == country_of_demonym("danesa") == denmark
    assert country_of_demonym("polish") is None and country_of_demonym("Polish") is not None  # the verb, the adjective


def test_a_country_swapped_in_its_adjective_is_a_wrong_name():
    assert flagged("Die kenianische Läuferin gewann den Marathon.", {"en": "The Ethiopian runner won the marathon."}) == [
        ("kenianische", {"en": "Ethiopian"})]
    assert flagged("Die kenianische Läuferin gewann den Marathon.", {"ja": "エチオピアの選手がマラソンで優勝した。"}) == [
        ("kenianische", {"ja": "エチオピア"})]
    assert flagged("Die äthiopische Läuferin gewann den Marathon.", {"en": "The Ethiopian runner won the marathon."}) == []
    # a version in characters names the country anywhere in a word (日本 in 日本首相)
    assert flagged("Der japanische Regierungschef reiste nach Washington.", {"zh": "日本首相前往华盛顿。"}) == []


def test_a_demonym_in_ianisch_is_read():
    from mtqa.places import country_of_demonym

    assert country_of_demonym("brasilianischen") == country_of_demonym("Brazilian") == next(iter(cities_named("Brasilien")))
    assert flagged("Der Verein verpflichtete einen brasilianischen Stürmer.", {"it": "La squadra ha ingaggiato un attaccante argentino."}) == [
        ("brasilianischen", {"it": "argentino"})]


def test_regions_rivers_and_seas_are_places_across_languages():
    from mtqa.places import place_kind

    rhine = cities_named("Rhein")
    assert rhine and rhine == cities_named("Rhine") == cities_named("Rin") and rhine & {p for _, _, p in cities_in_characters("莱茵河水位下降。", "zh") for p in p}
    assert cities_named("Bretagne") == cities_named("Brittany") and not cities_named("Bretagne") & cities_named("Normandie")
    assert {place_kind(p) for p in rhine} == {"water"} and {place_kind(p) for p in cities_named("Bayern")} == {"territory"}
    assert {place_kind(p) for p in cities_named("Lissabon")} == {"city"} and {place_kind(p) for p in cities_named("Peru")} == {"territory"}
    assert not cities_named("Oder") and not cities_named("Seine")  # German "or" and "his": common words first


def test_a_region_swapped_for_another_is_a_wrong_name_but_an_exonym_or_a_change_of_scale_is_not():
    assert flagged("Die Apfelernte in der Normandie fiel dieses Jahr gering aus.",
                   {"fr": "La récolte de pommes en Bretagne a été faible cette année."}) == [("Normandie", {"fr": "Bretagne"})]
    assert flagged("Der Pegel des Rheins sank im August stark.", {"es": "El nivel del Rin bajó mucho en agosto."}) == []
    assert flagged("Der Frachter sank im Schwarzen Meer.", {"en": "The freighter sank in the Black Sea."}) == []
    # a region for a city is a change of scale, not another place of the kind
    assert flagged("Die Messe in Bayern war gut besucht.", {"en": "The fair in Munich was well attended."}) == []


def test_a_town_geonames_qualifies_is_known_by_the_name_people_write():
    assert cities_named("Kempten")  # GeoNames: "Kempten (Allgäu)"
    assert flagged("Die Molkerei baut ein neues Werk in Kaufbeuren.", {"en": "The dairy is building a new plant in Kempten."}) == \
        [("Kaufbeuren", {"en": "Kempten"})]


def test_a_city_whose_name_is_a_frequent_word_is_a_city_where_no_article_precedes_it():
    # "Hamburg" and "Stuttgart" are among the commonest German words; "am Ende", "beim Essen" are words
    assert flagged("Die Tierklinik in Hamburg hat 200 Igel behandelt.", {"en": "The clinic in Hanover has treated 200 hedgehogs."}) == \
        [("Hamburg", {"en": "Hanover"})]
    assert flagged("Am Ende des Tages kam der Zug in Porto an.", {"en": "At the end of the day the train reached Porto."}) == []
    assert flagged("Das Essen war gut, sagte er in Porto.", {"en": "The food was good, he said in Porto."}) == []


def test_a_country_named_before_a_team_or_make_in_characters_is_read():
    assert cities_in_characters("丹麦队以31比28击败了法国队。", "zh")[0][:2] == (0, 2)
    assert flagged("Im Finale trifft die Mannschaft auf Indonesien.", {"zh": "决赛对手是韩国队。"}) == [("Indonesien", {"zh": "韩国"})]


def test_chinese_city_names_in_either_script_and_person_names_are_not_places():
    assert cities_named("罗马") == cities_named("羅馬") == cities_named("Rome")  # GeoNames lists only 羅馬
    assert cities_named("米兰") and cities_named("纽约")
    assert [text for text in ("梅洛",) if any(a == 5 for a, _, _ in cities_in_characters("意大利总理梅洛尼周二表示。", "zh"))] == []
    assert cities_in_characters("运抵德国杜伊斯堡。", "zh")[-1][:2] == (4, 8)  # a transliterated city on its own


def test_a_visit_abbreviation_names_its_country():
    japan = next(iter(cities_named("Japan")))
    assert any(japan in ids for _, _, ids in cities_in_characters("来日中の大統領が大阪を訪れた。", "ja"))
    assert flagged("Der Präsident, der zu Besuch in Japan ist, besuchte Osaka.", {"ja": "来日中のドイツの大統領は大阪を視察した。"}) == []
