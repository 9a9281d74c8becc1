"""Strategy coverage: how well the plan covers the goals, audiences and channels, and its gaps."""
