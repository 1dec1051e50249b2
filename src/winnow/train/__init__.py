"""Training what winnow's steps score with (``winnow train-classifier``). Needs the extra
``winnow[train]``; nothing here is imported by a run."""
