"""Pages outside any municipality: the start page, the language switch, error pages."""
