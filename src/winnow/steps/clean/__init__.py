"""``clean.*``: steps that edit a document's text: mojibake repaired (``clean.encoding``),
furniture lines removed (``clean.lines``), repeated paragraphs removed (``clean.repeats``)."""
