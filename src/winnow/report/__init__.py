"""What happened in a run, for people: ``report.html`` and the ``winnow inspect`` pages."""
