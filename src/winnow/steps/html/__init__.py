"""``html.*``: HTML pages to main text. ``extract`` is the step; ``blocks`` is winnow's own
extractor (``parse`` cuts a page into blocks, ``features`` describes them, ``model`` keeps
the main-text ones, ``rules`` then drops comments, teasers and asides)."""
