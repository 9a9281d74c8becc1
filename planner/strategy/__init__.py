"""The communication strategy: vision, core story, goals, audiences, channels and key messages."""
