"""Running a recipe over inputs: the runner, the per-shard tasks, OUT's layout, engines."""
