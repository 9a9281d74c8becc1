"""The demo: the reputation municipalities of "Sammen om en bedre kommune" and their people."""
