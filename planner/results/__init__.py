"""Programme results: projects (tiltak), indicators and their measurements."""
