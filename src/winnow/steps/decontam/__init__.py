"""``decontam.*``: removing documents that overlap evaluation data (benchmark leakage).

``ngrams.py`` is the step, ``index.py`` the shared, cached index of the references' n-grams,
``hashing.py`` the normalisation and the n-gram hashes both sides share."""
