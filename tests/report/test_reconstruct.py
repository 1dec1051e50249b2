from conftest import FIXTURES
from winnow.recipe import load_recipe
from winnow.report.explain import explain_file
from winnow.report.reconstruct import reconstruct


def test_removed_lines_go_back_where_they_were():
    path = FIXTURES / "seed-en.txt"
    original = path.read_text(encoding="utf-8")
    doc = explain_file(str(path), load_recipe("web")).doc
    segments = reconstruct(doc.text, [e.to_dict() for e in doc.edits])
    assert "".join(s.text for s in segments) == original
    removed = [s for s in segments if s.edit]
    assert len(removed) == 10
    assert all(s.edit["step"] in ("clean.lines", "clean.repeats") for s in removed)


def test_redactions_keep_placeholders_and_older_offsets():
    from winnow.document import Document
    from winnow.steps.clean.lines.step import LineCleaner
    from winnow.steps.pii import PiiRedactor

    text = (
        "Home\n\nWrite to jane.doe@example.com or call +33 6 12 34 56 78 today. The "
        "council met on Tuesday to discuss the new cycling lanes along the river.\n\n"
        "The mayor said the first section should be finished before the end of September."
        "\n\nLeave a comment"
    )
    doc = Document(id="x", text=text, lang="en")
    LineCleaner().apply(doc)
    PiiRedactor().apply(doc)
    segments = reconstruct(doc.text, [e.to_dict() for e in doc.edits])
    shown = "".join(s.text for s in segments)
    assert shown.startswith("Home\n\nWrite to <EMAIL> or call <PHONE> today.")
    assert shown.endswith("Leave a comment")
    kinds = [s.edit["reason"] for s in segments if s.edit]
    assert kinds == ["navigation", "pii_email", "pii_phone", "comment_form"]
