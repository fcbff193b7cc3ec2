"""Negation check: an added or dropped negation is flagged; faithful and lexical negation is not."""

from __future__ import annotations

from checkviews import view

from mtqa.checks import run_checks
from mtqa.checks.negation import negations
from mtqa.config import CheckConfig


def flagged(target, versions):
    found = run_checks(view("de", [(target, versions)]), CheckConfig(select=["MTQA601"]))
    return [(target[f.start:f.end], f.message) for f in found.get(0, [])]


def test_added_negation_is_flagged_at_the_negator():
    [(span, message)] = flagged("Die Firma wird das Werk nicht schließen.", {"en": "The company will close the plant."})
    assert span == "nicht" and "do not have" in message


def test_dropped_negation_is_flagged_on_the_sentence():
    target = "Die Regierung plant neue Steuern."
    [(span, message)] = flagged(target, {"fr": "Le gouvernement ne prévoit pas de nouveaux impôts.", "zh": "政府不打算征收新税。"})
    assert span == target and "versions negate" in message


def test_faithful_negation_and_not_only_are_quiet():
    assert flagged("Die Bank erhöht die Zinsen nicht.", {"en": "The bank will not raise rates.", "zh": "银行不会加息。"}) == []
    assert flagged("Er spielt nicht nur Klavier, sondern auch Geige.", {"en": "He plays not only the piano but also the violin."}) == []


def test_lexical_negation_and_disagreeing_versions_are_left_alone():
    assert flagged("Die Firmen konnten die Chips nicht kaufen.", {"en": "The firms were unable to buy the chips."}) == []
    assert flagged("Er kam nicht.", {"en": "He did not come.", "fr": "Il est venu."}) == []


def test_negators_per_language():
    assert [m.group() for m in negations("Das ist kein Problem und nie eines gewesen.", "de")] == ["kein", "nie"]
    assert len(negations("他没有来，也不会来。", "zh")) == 2
    assert negations("Nothing here isn't clear.", "en")[1].group() == "n't"


def test_chinese_negation_is_counted_on_words_not_characters():
    # 不得不 (must), 前所未有 (unprecedented), 不少 (many) negate nothing; 没有 and 不 do
    assert negations("许多乘客不得不在机场过夜，这是前所未有的情况，不少人抱怨。", "zh") == []
    assert len(negations("会议没有达成协议，他不知道原因。", "zh")) == 2


def test_fixed_expressions_whose_negator_negates_nothing():
    assert negations("この技術は医療だけでなく農業にも使えるかもしれない。", "ja") == []
    assert negations("The team created nothing but half-chances; it was not until 2019 that it won.", "en") == []
    assert len(negations("この問題は解決していない。", "ja")) == 1


def test_a_negative_inside_a_word_is_not_a_flipped_statement():
    # un- and -los words say "no" in one word, as 不友好 and 前例のない do
    assert flagged("Der Ton der Verhandlungen war unfreundlich.", {"zh": "谈判的气氛很不友好。"}) == []
    assert flagged("Die Regierung legt ein Paket in beispiellosem Umfang auf.", {"ja": "政府は前例のない規模の対策を打ち出した。"}) == []
    # a plain dropped negation is still found
    assert flagged("Die Regierung hat einen Plan.", {"zh": "政府没有计划。"}) != []


def test_a_lexical_negative_on_both_sides_explains_nothing():
    # "ohne" renders "without"; the dropped "not" is still a flipped statement
    assert flagged("Ohne Genehmigung darf das Werk öffnen.", {"en": "Without a permit the plant may not open."}) != []
    # "unable" has no lexical counterpart in the German, so "nicht" renders it
    assert flagged("Die Firmen konnten die Chips nicht kaufen.", {"en": "The firms were unable to buy the chips."}) == []


def test_words_that_only_look_negative():
    assert negations("まず、わずかな人が必ず来る。参加者は少ない。これは危ない。", "ja") == []
    assert [m.group() for m in negations("彼は何も言わず帰った。", "ja")] == ["ず"]
    assert negations("Chaque personne a reçu un billet, ce qui n'est pas mal.", "fr") == []
    assert [m.group() for m in negations("Personne n'est venu.", "fr")] == ["Personne"]
    assert negations("No wonder the plan failed, no matter what.", "en") == []


def test_without_and_unless_rendered_positively_are_flipped():
    # "without" and "unless" negate a phrase or a condition; "mit" and "wenn" say the opposite
    assert flagged("Die Ausstellung wurde mit den umstrittenen Bildern eröffnet.",
                   {"en": "The exhibition opened without the disputed paintings."})
    assert flagged("Das Gesetz wurde mit der Zustimmung der Opposition verabschiedet.",
                   {"fr": "La loi a été adoptée sans l'accord de l'opposition."})
    assert flagged("Das Werk schließt im Mai, wenn sich ein Käufer findet.",
                   {"en": "The plant will close in May unless a buyer is found."})
    assert flagged("Die Uhr lässt sich mit einem Kabel aufladen.", {"zh": "这款手表无需电缆即可充电。"})


def test_without_and_unless_rendered_faithfully_are_quiet():
    assert flagged("Die Ausstellung wurde ohne die umstrittenen Bilder eröffnet.",
                   {"en": "The exhibition opened without the disputed paintings."}) == []
    assert flagged("Das Werk schließt im Mai, es sei denn, es findet sich ein Käufer.",
                   {"en": "The plant will close in May unless a buyer is found.", "fr": "L'usine fermera en mai à moins qu'un acheteur ne soit trouvé."}) == []
    assert flagged("Die Preise (ohne Steuern) steigen.", {"fr": "Les prix (hors taxes) augmentent."}) == []
    # "sans doute" is "probably"; "sans qu'aucun" negates once (negative concord)
    assert flagged("Die Arbeiten werden wohl länger dauern.", {"fr": "Les travaux dureront sans doute plus longtemps."}) == []
    assert flagged("Der Zug wurde geräumt, verletzt wurde niemand.",
                   {"fr": "Le train a été évacué sans qu'aucun blessé ne soit à déplorer."}) == []


def test_french_ne_plus_is_a_negation_and_plus_alone_is_not():
    assert [m.group() for m in negations("Le musée ne sera plus gratuit.", "fr")] == ["ne sera plus"]
    assert [m.group() for m in negations("Il n'y a plus de billets.", "fr")] == ["n'y a plus"]
    assert negations("Il y a plus de billets que prévu.", "fr") == []
    assert flagged("Das Museum bleibt am Sonntag geöffnet.", {"fr": "Le musée ne sera plus ouvert le dimanche."})


def test_german_un_nouns_are_not_negatives():
    # "Unwetter" (storm) negates nothing: the added "nicht mehr" is a flip
    assert flagged("Nach dem Unwetter war das Wasser nicht mehr trinkbar.", {"en": "After the storm the water remained drinkable."})
    assert flagged("Die Verhandlungen scheiterten nicht.", {"en": "The talks failed."})


def test_restrictive_ne_plus_que_and_privative_words_are_not_flips():
    # "ne … plus que" is "only … left"; "-frei" and "-less" say "without" in one word
    assert flagged("Es bleiben nur noch zwei Tage.", {"fr": "Il ne reste plus que deux jours."}) == []
    assert flagged("Das Bier ist alkoholfrei.", {"en": "The beer is without alcohol."}) == []
    assert flagged("Die Zahl der Menschen ohne Obdach steigt.", {"en": "The number of homeless people is rising."}) == []


def test_un_nouns_made_from_adjectives_are_negatives():
    assert flagged("Die Unabhängigkeit der Justiz ist bedroht.", {"zh": "司法不受干预的地位受到威胁。"}) == []


def test_records_spared_and_instead_are_not_flips():
    # "wie nie zuvor" states a record; "erspart" and "statt" carry the "no longer" and "not"
    assert flagged("Es kamen so viele Besucher wie nie zuvor.", {"zh": "游客人数创历史新高。"}) == []
    assert flagged("Seit der Eröffnung bleibt den Pendlern der Umweg erspart.",
                   {"en": "Since the opening, commuters no longer need to take the detour."}) == []
    assert flagged("Die Bewohner fahren direkt, statt zweimal umzusteigen.", {"zh": "居民不再需要两次换乘。"}) == []
    # "findet … statt" is no "instead": the dropped "unless" is still found
    assert flagged("Der Streik findet am Freitag statt, wenn die Leitung ein Angebot vorlegt.",
                   {"en": "The strike will go ahead on Friday unless management makes an offer."})


def test_a_privative_word_of_the_version_explains_ohne():
    assert flagged("Rund 40.000 Haushalte waren ohne Strom.", {"ja": "約4万世帯が停電した。"}) == []
    assert flagged("Stromausfälle sind in den Dörfern durchaus häufig.", {"en": "Power cuts are not uncommon in the villages."}) == []


def test_not_until_rendered_with_erst_is_not_a_flip():
    assert flagged("Die Brücke wird erst nach der Prüfung für Lastwagen freigegeben.",
                   {"en": "The bridge will not be opened to lorries until the inspection is over."}) == []
    assert flagged("Die Schule öffnet erst wieder, wenn das Dach repariert ist.",
                   {"ja": "屋根の修理が終わるまで、学校は再開しない。"}) == []
    # without "erst" the statement is flipped: the bridge opens for the inspection
    assert flagged("Die Brücke wird bis zur Prüfung für Lastwagen freigegeben.",
                   {"en": "The bridge will not be opened to lorries until the inspection is over."}) != []


def test_rhetorical_negation_and_litotes_rendered_positively_are_not_flips():
    assert flagged("Aus gutem Grund setzen die Bauern auf robuste Sorten.",
                   {"fr": "Ce n'est pas un hasard si les paysans misent sur des variétés robustes."}) == []
    assert flagged("Der Plan der Stadt ist durchaus sinnvoll.", {"zh": "市政府的方案并非毫无道理。"}) == []
    assert flagged("Die Jury war von ihrem Vortrag durchaus beeindruckt.",
                   {"en": "The jury was not unimpressed by her talk."}) == []
    assert flagged("Fast alle Höfe haben den Anbau von Tabak aufgegeben.",
                   {"zh": "几乎没有一家农场还在种植烟草。"}) == []


def test_a_prohibition_is_a_negation():
    assert flagged("Verwenden Sie das Gerät bitte nicht im Bad.", {"zh": "请勿在浴室使用本设备。"}) == []
    assert flagged("Verwenden Sie das Gerät bitte im Bad.", {"zh": "请勿在浴室使用本设备。"}) != []


def test_free_of_charge_is_said_in_a_word_on_both_sides():
    # "kostenlos" and "free" both say "without cost": the dropped "unless" is still a flip
    assert flagged("Wenn Sie vor Ende der kostenlosen Probezeit kündigen, verlängert sich das Abo automatisch.",
                   {"en": "Unless you cancel before the end of the free trial, the subscription renews automatically."}) != []
    assert flagged("Der Eintritt ist für Kinder kostenlos.", {"en": "Entry is free for children.", "zh": "儿童免费入场。"}) == []


def test_japanese_without_is_a_negator_as_ohne_is():
    assert flagged("Der Kurs kann nur nach einer Anmeldung belegt werden.", {"ja": "この講座は登録なしで受講できる。"}) != []
    assert flagged("Der Kurs kann ohne Anmeldung belegt werden.", {"ja": "この講座は登録なしで受講できる。"}) == []


def test_not_until_is_only_then_in_either_direction_and_a_double_negation_stays_one():
    assert flagged("Erst nach der Wahl wird das Gesetz beraten.", {"en": "The bill will not be debated until after the election."}) == []
    assert flagged("Das Gesetz wird nicht vor der Wahl beraten.", {"en": "The bill will be debated only after the election."}) == []
    # "unless … not" is "only if": the German "erst, wenn" keeps its polarity
    assert flagged("Das Geld wird erst ausgezahlt, wenn alle Unterlagen vorliegen.",
                   {"ja": "書類をすべて提出しない限り、支給は開始されません。"}) == []
    assert flagged("Die kabellose Verbindung ist in allen Parks kostenlos.",
                   {"fr": "La connexion sans fil est gratuite dans tous les parcs."}) == []


def flagged_in(target_lang, target, versions):
    found = run_checks(view(target_lang, [(target, versions)]), CheckConfig(select=["MTQA601"]))
    return [target[f.start:f.end] for f in found.get(0, [])]


def test_litotes_hardly_and_surprise_rendered_positively_are_not_flips():
    assert flagged("Die Ergebnisse der Sparkasse waren durchaus ordentlich.", {"en": "The savings bank's results were not bad."}) == []
    assert flagged("Bei Regen ist die Strecke oft gesperrt.", {"es": "Con lluvia, la carretera no pocas veces está cortada."}) == []
    assert flagged("Kaum ein Händler hatte die neue Verordnung gelesen.",
                   {"fr": "Presque aucun commerçant n'avait lu le nouveau règlement."}) == []
    assert flagged("Dass der Vorstand so schnell zurücktreten würde, überraschte alle.",
                   {"en": "Nobody had expected the board to resign so quickly."}) == []
    assert flagged("Lange Wartezeiten sind in dieser Praxis völlig normal.", {"zh": "这家诊所排长队的情况毫不稀奇。"}) == []
    # a second negator makes "almost nobody ... not" into "almost everybody"
    assert flagged("Fast jeder im Dorf kennt die alte Mühle.", {"zh": "村里几乎没有人不知道这座老磨坊。"}) == []


def test_not_this_high_since_is_a_record_not_a_negation():
    assert flagged("Die Arbeitslosigkeit ist so niedrig wie seit 1990 nicht mehr.",
                   {"en": "Unemployment has not been this low since 1990."}) == []
    assert flagged_in("fr", "Le chômage est à son plus bas niveau depuis 1990.",
                      {"en": "Unemployment has not been this low since 1990."}) == []


def test_ruling_out_is_a_negative_in_a_word():
    assert flagged("Die Gewerkschaft hält weitere Streiks für möglich.",
                   {"en": "The union did not rule out further strikes."}) == []
    assert flagged("Die Gewerkschaft schloss weitere Streiks im kommenden Monat aus.",
                   {"en": "The union did not rule out further strikes next month."}) != []
    assert flagged_in("en", "The minister ruled out a tax rise.",
                      {"de": "Der Minister schloss eine Steuererhöhung in einem Interview am Sonntag ausdrücklich nicht aus."}) != []


def test_a_negator_inside_a_title_both_sides_quote_says_nothing_of_the_sentence():
    assert flagged_in("en", "A new staging of “All Quiet on the Western Front” premiered in Berlin.",
                      {"de": "Eine neue Inszenierung von „Im Westen nichts Neues“ feierte in Berlin Premiere."}) == []
    assert flagged_in("en", "A new staging of “All Quiet on the Western Front” did not premiere in Berlin.",
                      {"de": "Eine neue Inszenierung von „Im Westen nichts Neues“ feierte in Berlin Premiere."}) != []


def test_spanish_restrictive_no_mas_que_and_sin_embargo_are_not_negations():
    assert flagged_in("es", "En verano, la clínica no atiende más que a pacientes con cita.",
                      {"en": "In summer, the clinic only treats patients with an appointment."}) == []
    assert flagged_in("es", "Sin embargo, el tren llegó a tiempo.", {"en": "However, the train arrived on time."}) == []
    assert flagged_in("es", "El tren no llegó a tiempo.", {"en": "The train arrived on time."}) != []


def test_french_ne_que_a_is_not_until():
    assert flagged_in("fr", "Le budget ne sera voté qu'à la reprise de la session.",
                      {"en": "The budget will not be put to a vote until the session resumes."}) == []


def test_a_corrective_not_x_but_y_may_be_rendered_by_y_alone():
    source = "Die Zahl der Fälle ist nicht gestiegen, sondern auf dem Niveau des Vorjahres geblieben."
    found = run_checks(view("fr", [("Le nombre de cas est resté au niveau de l'année précédente.", {"de": source})]),
                       CheckConfig(select=["MTQA601"]))
    assert found.get(0, []) == []
    assert flagged("Die Preise sind nicht gestiegen, sondern gefallen.", {"en": "Prices did not rise but fell."}) == []
    # a "but" after a comma opens a new clause: a negation dropped before it is still a flip
    assert flagged("Er hat gewonnen, aber er war müde.", {"en": "He did not win, but he was tired."}) != []


def test_hardly_is_said_with_or_without_a_negator():
    assert flagged("Der Angriff hat den Betrieb kaum beeinträchtigt.",
                   {"fr": "L'attaque n'a guère perturbé le fonctionnement."}) == []
    assert flagged("Der Angriff hat den Betrieb nicht beeinträchtigt.",
                   {"en": "The attack hardly disrupted operations."}) == []
    # only one negation apart: a second flip in the sentence is still one
    assert flagged("Der Angriff hat den Betrieb kaum beeinträchtigt und die Daten sind nicht verloren.",
                   {"fr": "L'attaque n'a guère perturbé le fonctionnement, mais aucune donnée n'est perdue et rien ne manque."}) != []


def test_ever_not_never_and_litotes_of_few():
    assert negations("Plus de studios que jamais ont exposé, et si jamais il pleut, ce sera à jamais.", "fr") == []
    assert negations("Nicht wenige Teilnehmer klagten über Nebenwirkungen.", "de") == []
    assert negations("Not a few participants, and no small number of doctors, agreed.", "en") == []


def test_words_that_say_no_without_a_negator():
    assert flagged("Ein Drittel der Befragten weiß nicht, dass die Impfung kostenlos ist.",
                   {"fr": "Un adulte sur trois ignore que le vaccin est gratuit."}) == []
    assert flagged("Der Weg ist im Winter gesperrt und für Wanderer nicht zugänglich.",
                   {"en": "The trail is closed in winter and off-limits to hikers."}) == []
    assert flagged("Das Team betonte, die Ergebnisse hätten die Erwartungen erfüllt.",
                   {"ja": "研究チームは、結果は決して期待外れではなかったと強調した。"}) == []
    assert flagged("Aus gutem Grund hat die Kandidatin jedes Bündnis abgelehnt.",
                   {"fr": "Ce n'est pas sans raison que la candidate a refusé toute alliance."}) == []


def test_denying_and_a_separable_refusal_say_no_in_a_word():
    assert flagged("Das Unternehmen dementierte den Verkauf der Grundstücke.",
                   {"ja": "同社は、土地売却を否定しなかった。"}) != []  # "did not deny" rendered "denied"
    assert flagged("Das Gericht lehnte es ab, die Wahl aufzuheben, da die Verstöße das Ergebnis verfälscht hätten.",
                   {"fr": "Le tribunal a refusé d'annuler l'élection, estimant que les infractions n'avaient pas faussé le résultat."}) != []
    assert flagged("Das Gericht lehnte es ab, die Wahl aufzuheben.", {"fr": "Le tribunal a refusé d'annuler l'élection."}) == []


def test_double_negations_read_by_word_in_chinese_and_japanese_keep_the_polarity():
    # jieba joins 不 to the next verb (不写), a word its dictionary lacks: still a negator
    assert [m.group() for m in negations("那位老人几乎没有一天不写起日记。", "zh")] == ["没", "不"]
    assert flagged("Der alte Mann schreibt fast jeden Tag in sein Tagebuch.", {"zh": "那位老人几乎没有一天不写起日记。"}) == []
    # dictionary words made with 不 negate nothing of their own ("不过" = but)
    assert negations("价格不过是个开始。", "zh") == []
    # ～なければ … なかった: without the support, the success would not have been possible
    assert flagged("Erst die Unterstützung der Spender machte den Erfolg möglich.",
                   {"ja": "寄付者の支援がなければ、成功はありえなかった。"}) == []
    assert flagged("Ohne die Unterstützung der Spender wäre der Erfolg nicht möglich gewesen.",
                   {"ja": "寄付者の支援がなければ、成功はありえなかった。"}) == []


def test_formal_chinese_negators_count():
    assert [m.group() for m in negations("逾期的申请不予受理。", "zh")] == ["不"]
    assert flagged("Verspätete Anträge werden bearbeitet.", {"zh": "逾期的申请不予受理。"}) \
        == [("Verspätete Anträge werden bearbeitet.",
             "the versions negate this statement but the target does not [1 of 1 versions: zh: 逾期的申请不予受理。]")]


def test_a_participle_of_ruling_out_is_a_lexical_negative():
    # "n'excluant pas" (not ruling out) is "ruling out" negated: a translation that drops the "not" flips it
    assert flagged("Die Bank schließt eine Senkung aus.", {"fr": "La banque, n'excluant pas une baisse, attend."}) != []
    assert flagged("Die Bank schließt eine Senkung nicht aus.", {"fr": "La banque, n'excluant pas une baisse, attend."}) == []


def test_sold_out_says_none_is_left():
    assert flagged("Die Konsole war in allen Geschäften ausverkauft.", {"ja": "そのゲーム機はどの店舗でも在庫が一台も残らなかった。"}) == []
    assert flagged("Nach einer Stunde gab es für das Konzert keine Karten mehr.", {"en": "The concert sold out within an hour."}) == []


def test_chinese_negators_joined_to_the_word_before_and_unable_count():
    assert [m.group() for m in negations("观察员在投票过程中未发现违规行为。", "zh")] == ["未"]
    assert flagged("Die Beobachter stellten bei der Abstimmung Unregelmäßigkeiten fest.",
                   {"zh": "观察员在投票过程中未发现违规行为。"}) != []
    # 无法 (cannot) negates as "nicht können" does
    assert flagged("Die Eltern glauben, dass Online-Kurse den Unterricht ersetzen können.",
                   {"zh": "家长认为在线课程无法取代课堂教学。"}) != []
    assert flagged("Die Eltern glauben, dass Online-Kurse den Unterricht nicht ersetzen können.",
                   {"zh": "家长认为在线课程无法取代课堂教学。"}) == []


def test_not_easy_is_difficult_and_waiting_until_is_not_before():
    assert flagged("Der Umbau des Bahnhofs war keine leichte Aufgabe.", {"fr": "La rénovation de la gare a été une tâche difficile."}) == []
    assert flagged("Der Umbau des Bahnhofs war eine leichte Aufgabe.", {"fr": "La rénovation de la gare n'a pas été une tâche difficile."}) == []
    assert flagged("Der Umbau des Bahnhofs war eine schwierige Aufgabe.", {"fr": "La rénovation de la gare n'a pas été une tâche difficile."}) != []
    assert flagged_in("en", "The new terminal is not expected to open until next spring.",
                      {"ja": "新ターミナルの開業は来年春まで待たなければならない見通しだ。"}) == []


def test_rarely_almost_without_and_continuously_keep_the_polarity():
    assert flagged("In den Sommermonaten haben die Züge häufig Verspätung.", {"it": "Nei mesi estivi non è raro che i treni siano in ritardo."}) == []
    assert flagged("Auf dieser Strecke ist ein Zug nur selten verspätet.", {"ja": "この区間で列車が遅れることはめったにない。"}) == []
    assert flagged("Der Ranger beobachtet die Elefanten seit zwanzig Jahren ohne Unterbrechung.", {"zh": "护林员已连续二十年观察大象。"}) == []
    assert flagged("Ab nächstem Monat ist Bargeld beim Fahrkartenkauf überflüssig.", {"zh": "自下月起，购票时无需使用现金。"}) == []
    # 不慣れ (unfamiliar) is "nicht vertraut"
    assert flagged("Viele ältere Fahrer sind mit der Technik nicht vertraut.", {"ja": "多くの高齢ドライバーは最新技術に不慣れだ。"}) == []


def test_un_words_that_intensify_negate_nothing():
    assert flagged("Der Damm stellt eine unmittelbare Gefahr für die Dörfer dar.", {"en": "The dam poses no immediate risk to the villages."}) != []
    assert flagged("Der Damm stellt keine unmittelbare Gefahr für die Dörfer dar.", {"en": "The dam poses no immediate risk to the villages."}) == []


def test_avoiding_and_free_of_say_no_in_a_word():
    assert flagged("Reisende sollten nach Sonnenuntergang nicht durch den Park gehen.",
                   {"en": "Travellers should avoid walking through the park after dark."}) == []
    assert flagged("Reisende sollten es vermeiden, nach Sonnenuntergang durch den Park zu gehen.",
                   {"fr": "Les voyageurs ne devraient pas traverser le parc après la tombée de la nuit."}) == []
    assert flagged("Die Proben waren frei von Schadstoffen.", {"zh": "样品中未检出任何污染物。"}) == []
    # a negation the version lacks is still a flip beside an unrelated verb
    assert flagged("Reisende sollten nach Sonnenuntergang nicht durch den Park gehen.",
                   {"en": "Travellers should walk through the park after dark."}) != []


def test_french_did_not_fail_to_with_an_elided_de_is_did():
    assert negations("Le concert n'a pas manqué d'enthousiasmer le public.", "fr") == []
    assert flagged("Das Konzert hat das Publikum wie erwartet begeistert.",
                   {"fr": "Le concert n'a pas manqué d'enthousiasmer le public."}) == []


def test_warning_against_and_at_the_earliest_say_no_in_a_word():
    assert flagged("Ärzte warnen davor, Kleinkinder in der Mittagssonne spielen zu lassen.",
                   {"en": "Doctors say toddlers should not play in the midday sun."}) == []
    assert flagged("Die Brücke wird frühestens im Mai wieder befahrbar sein.",
                   {"fr": "Le pont ne rouvrira pas avant le mois de mai."}) == []
    assert flagged_in("fr", "Le pont rouvrira au plus tôt en mai.", {"en": "The bridge will not reopen before May."}) == []


def test_indispensable_and_at_most_keep_the_polarity_however_written():
    assert flagged("Für viele Pendler ist die Fähre unverzichtbar.", {"ja": "多くの通勤客にとってフェリーは無くてはならない存在だ。"}) == []
    assert flagged("Die Miete darf höchstens 900 Euro im Monat betragen.", {"zh": "每月租金不得高于900欧元。"}) == []


def test_chinese_idioms_with_a_negator_are_lexical_negatives_counted_once():
    assert flagged("Wo einst kein Baum wuchs, steht heute ein Wald.", {"zh": "这片曾经寸草不生的土地如今已是一片森林。"}) == []
    # 毫无 already says "no": 并非毫无道理 (not without reason) stays a double negation
    assert flagged("Der Vorschlag ist durchaus vernünftig.", {"zh": "这个方案并非毫无道理。"}) == []


def test_chinese_words_made_with_wu_say_without():
    assert flagged("Das Museum ist das ganze Jahr ohne Ruhetag geöffnet.", {"zh": "博物馆全年无休。"}) == []
    assert flagged("Das Museum ist das ganze Jahr täglich geöffnet.", {"zh": "博物馆全年无休。"}) == []


def test_a_negation_before_hardly_any_in_japanese_is_almost_all():
    assert flagged("Fast alle Besucher kannten das neue Modell bereits.", {"ja": "新しいモデルを知らない来場者はほとんどいなかった。"}) == []
    assert flagged("Kaum ein Besucher kannte das neue Modell.", {"ja": "新しいモデルを知っている来場者はほとんどいなかった。"}) == []


def test_having_no_choice_but_is_must():
    assert flagged("Die Genossenschaft sah sich gezwungen, den Preis zu senken.",
                   {"en": "The cooperative had no choice but to cut the price."}) == []
    assert flagged("Die Genossenschaft musste den Preis senken.",
                   {"fr": "La coopérative n'a eu d'autre choix que de baisser le prix."}) == []


def test_preventing_is_a_negative_word():
    assert flagged("Das Glas kühlt langsam ab, damit es nicht springt.", {"zh": "玻璃缓慢冷却，以防止开裂。"}) == []


def test_japanese_no_before_a_loanword_negates():
    found = run_checks(view("es", [("Un jugador que no era cabeza de serie ganó el torneo.",
                                    {"ja": "ノーシードの選手が大会で優勝した。"})]), CheckConfig(select=["MTQA601"]))
    assert found.get(0, []) == []
    # "Nobel" is no "no": an added negation against it is still flagged
    assert flagged("Sie erhielt den Nobelpreis nicht.", {"ja": "彼女はノーベル賞を受賞した。"}) != []


def test_italian_non_che_before_an_amount_is_only():
    assert flagged("Es gab nur wenige Karten.", {"it": "Non erano disponibili che pochi biglietti."}) == []
    assert flagged("Die Karten sind verfügbar.", {"it": "I biglietti non sono disponibili."}) != []


def test_not_after_is_only_until():
    assert flagged("Einschreibungen sind nur bis zum 15. September möglich.",
                   {"it": "Le iscrizioni non saranno più possibili dopo il 15 settembre."}) == []
    assert flagged("Einschreibungen sind nach dem 15. September möglich.",
                   {"it": "Le iscrizioni non saranno più possibili dopo il 15 settembre."}) != []


def test_restrictions_and_litotes_that_negate_nothing():
    fr = {"fr": "Il ne reste plus aujourd'hui que deux entreprises."}
    assert flagged("Heute gibt es nur noch zwei Betriebe.", fr) == []
    assert flagged("Der Verein war gezwungen, den Vertrag aufzulösen.", {"de": "Der Verein kam nicht umhin, den Vertrag aufzulösen."}) == []
    assert flagged("Die App warnt, bevor man in eine Parkverbotszone fährt.", {"en": "The app warns riders before they enter a no-parking zone."}) == []
    assert flagged("Wir wollen gesundes Essen, nicht nur billiges Essen.", {"en": "We want healthy food, not just cheap food."}) == []
    assert flagged("Die Brauerei braut nur in den drei Wintermonaten.", {"ja": "その酒蔵では冬の三か月間しか仕込みを行わず。"}) == []
    assert flagged("Die neue Linie spielt eine beachtliche Rolle.", {"zh": "新线路的作用不可小觑。"}) == []
