"""Posts: the stories, their publications on channels, the approval workflow, comments."""
