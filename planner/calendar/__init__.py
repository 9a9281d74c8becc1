"""The planning calendar: month, week and agenda views, the idea backlog and rescheduling."""
