"""How the extraction sets' gold text is read (the figures in bench/RESULTS.md rest on it)."""

from winnow.evaluation.extraction_sets import (
    EVALUATION_ONLY,
    TRAINABLE,
    _l3s_gold,
    _text_with_breaks,
    split_side,
)


def test_l3s_gold_is_headline_and_full_text_in_page_order():
    annotated = (
        '<html><body><span class="x-nc-sel0">Home News Sport</span>'
        '<h1><span class="x-nc-sel1">Storm closes the harbour</span></h1>'
        '<p><span class="x-nc-sel2">Ferries stayed in port on <a href="/m">Monday</a>.</span></p>'
        '<p><span class="x-nc-sel3">Photo: the quay at dawn</span></p>'
        '<p><span class="x-nc-sel2">Crews expect to sail again <span class="x-nc-sel2">'
        "on Wednesday</span>.</span></p>"
        '<div><span class="x-nc-sel4">More storms this winter</span>'
        '<span class="x-nc-sel5">Great article!</span></div></body></html>'
    )
    gold = _l3s_gold(annotated)
    expected = (
        "Storm closes the harbour Ferries stayed in port on Monday. "
        "Crews expect to sail again on Wednesday."
    )
    assert gold.split() == expected.split()
    assert "Home" not in gold and "Photo" not in gold and "Great" not in gold


def test_block_elements_break_lines_so_words_do_not_run_together():
    from lxml import html

    text = _text_with_breaks(html.fromstring("<div><p>first</p><p>second<br>third</p></div>"))
    assert text.split() == ["first", "second", "third"]


def test_evaluation_only_sets_are_never_trained_on():
    assert not set(EVALUATION_ONLY) & set(TRAINABLE)
    assert all(
        split_side(source, f"page-{n}") is False for source in EVALUATION_ONLY for n in range(50)
    )
    assert any(split_side("cleaneval", f"page-{n}") for n in range(50))
