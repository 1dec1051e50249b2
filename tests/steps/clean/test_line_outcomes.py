"""Line attribution for the Turku breakdown (``bench/lines_breakdown.py``): each labelled
line is kept, removed by a named step for a named reason, or lost with its document."""

from test_encoding import as_windows_1252

from articles import CAPTION, OTHER
from winnow.document import Document, Rejection
from winnow.evaluation.lines import LabelledDoc, line_outcomes, outcome_counts
from winnow.steps.clean.encoding import EncodingRepair
from winnow.steps.clean.repeats import RepeatedParagraphs

GERMAN = "Die Nächte werden wärmer, und die Tage in den Alpen sind länger als im Winter."


def cleaned(lines: list[str]) -> Document:
    doc = Document(id="x", text="\n".join(lines))
    for step in (EncodingRepair(), RepeatedParagraphs()):
        step.setup()
        step.apply(doc)
    return doc


def test_each_removed_line_names_its_step_and_reason():
    lines = [CAPTION["en"], OTHER["en"], CAPTION["en"]]
    assert line_outcomes(lines, cleaned(lines)) == [
        "kept",
        "kept",
        "clean.repeats:repeated_paragraph",
    ]


def test_a_repaired_line_is_kept_and_a_repaired_repeat_is_removed():
    """A repair is not a removal; a line removed after its repair is found by its
    repaired form, whichever copy was broken."""
    broken = as_windows_1252(GERMAN)
    first = [broken, OTHER["de"], GERMAN]
    assert line_outcomes(first, cleaned(first)) == [
        "kept",
        "kept",
        "clean.repeats:repeated_paragraph",
    ]
    last = [GERMAN, OTHER["de"], broken]
    assert line_outcomes(last, cleaned(last)) == [
        "kept",
        "kept",
        "clean.repeats:repeated_paragraph",
    ]


def test_a_rejected_or_missing_document_loses_every_line():
    lines = [CAPTION["fr"], OTHER["fr"]]
    doc = Document(id="x", text="\n".join(lines))
    doc.rejection = Rejection(step="quality.gopher", reason="gopher_short_doc", detail="")
    assert line_outcomes(lines, doc) == ["rejected quality.gopher:gopher_short_doc"] * 2
    assert line_outcomes(lines, None) == ["rejected ?"] * 2


def test_outcomes_are_counted_by_label():
    lines = [CAPTION["en"], OTHER["en"], CAPTION["en"]]
    docs = [LabelledDoc("en", lines, [1, 0, 1])]
    counts = outcome_counts(docs, [cleaned(lines)])
    assert counts == {("en", "kept"): [1, 1], ("en", "clean.repeats:repeated_paragraph"): [0, 1]}
