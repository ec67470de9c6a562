from core.text import fold, katakana_to_hiragana, search_terms


def test_it_folds_full_and_half_width():
    assert fold("ＤＶ被害者") == fold("DV被害者") == "dv被害者"
    assert fold("１２３") == "123"


def test_it_folds_half_width_katakana_to_hiragana():
    assert fold("ｾｰﾌﾃｨﾈｯﾄ") == fold("セーフティネット") == fold("せーふてぃねっと")


def test_it_removes_spaces_the_pdf_inserted():
    assert fold("熊本市に おいて 、") == "熊本市において、"


def test_it_leaves_kanji_alone():
    assert katakana_to_hiragana("住宅ヶ所") == "住宅ヶ所"  # ヶ is the counter, kept
    assert fold("就労支援") == "就労支援"


def test_search_terms_split_on_any_width_of_space():
    assert search_terms("住宅　ＤＶ  ") == ["住宅", "dv"]
    assert search_terms("   ") == []
