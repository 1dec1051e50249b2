"""Document quality filters, one module each, with the semantics and default thresholds of
published recipes.

* ``quality.gopher``: Gopher's quality rules (Rae et al. 2021, "Scaling Language Models",
  appendix A; thresholds as in datatrove's ``GopherQualityFilter``).
* ``quality.gopher_repetition``: Gopher's repetition rules (same sources).
* ``quality.c4``: C4's rules (Raffel et al. 2020; datatrove's ``C4QualityFilter``).
* ``quality.fineweb``: FineWeb's added rules (Penedo et al. 2024; datatrove's
  ``FineWebQualityFilter``).
* ``quality.flagged_words``: the share of LDNOOBW's flagged words (C4, RedPajama,
  Data-Juicer's ``flagged_words_filter`` threshold).
* ``quality.classifier``: a fastText quality classifier's score (DCLM, GneissWeb, your own:
  ``winnow train-classifier``), optionally a threshold.

Word counting is language-aware (``winnow.text.tokens``): a Chinese article counts one token
per character instead of a dozen "words", so it is not rejected for "too few words"; rules
defined on word *length* are skipped for scripts without spaces. Stop-word checks use the
document's language (``winnow.stopwords``); for a language without a list the check is
skipped and the signal says so. Each filter writes its measurements to ``signals`` and
rejects with a reason code whose detail carries the value and the threshold.
"""
