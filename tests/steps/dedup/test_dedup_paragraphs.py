from winnow.document import Document
from winnow.pipeline import Pipeline, run_in_memory
from winnow.recipe import parse_recipe


def run(docs, **params):
    pipeline = Pipeline.from_recipe(parse_recipe({"steps": [{"dedup.paragraphs": params}]}))
    pipeline.setup()
    return run_in_memory(pipeline, docs)


def test_line_shared_by_many_documents_is_removed_everywhere():
    docs = [
        Document(
            id=str(i), text=f"Unique story number {i} about the harbour.\n\nLaisser un commentaire"
        )
        for i in range(5)
    ]
    out = run(docs, max_docs=2, max_docs_per_site=100, keep_first=False)
    for doc in out:
        assert "Laisser un commentaire" not in doc.text
        assert doc.text.startswith("Unique story number")
        (edit,) = doc.edits
        assert edit.reason == "recurring" and "found in 5 documents" in edit.detail


def test_rare_lines_stay_and_per_site_counts_apply():
    docs = [
        Document(id="a", text="Footer of site one\n\nBody A", url="https://one.example/a"),
        Document(id="b", text="Footer of site one\n\nBody B", url="https://www.one.example/b"),
        Document(id="c", text="Footer of site one\n\nBody C", url="https://two.example/c"),
    ]
    out = run(docs, max_docs=5, max_docs_per_site=1, keep_first=False)
    assert [d.text for d in out] == ["Body A", "Body B", "Footer of site one\n\nBody C"]


def test_partitioned_counting_and_keep_first():
    docs = [
        Document(id=str(i), text=f"Story {i} about the harbour.\n\nShare this article")
        for i in range(5)
    ]
    out = run(docs, max_docs=2, max_docs_per_site=100, keep_first=True, partitions=3)
    assert out[0].text.endswith("Share this article") and not out[0].edits
    for doc in out[1:]:
        assert doc.text == f"Story {doc.id} about the harbour."
        assert "found in 5 documents" in doc.edits[0].detail
