"""The audit log: who did what and when, readable by the municipality's administrators."""
