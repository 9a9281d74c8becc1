"""Feeds: iCalendar subscriptions and RSS/Atom of published posts, private by token or public."""
