"""三无 (no escalation, no collective petition, no backlog): the rule template, the pure rule engine
that judges a unit on it, and the use cases that gather its inputs from the records."""
