"""The annual review: computed from the records, stored as runs, compared with a new computation."""
