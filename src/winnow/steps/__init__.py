"""The built-in steps. A step's name is its address: ``a.b`` lives in ``steps/a/b.py``,
in the package ``steps/a/b/``, or in ``steps/a.py`` (see ``winnow.registry``)."""
