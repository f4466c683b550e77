"""A unit's own part of the evaluation: self-assessment (自查自评) and rectifications, ratings,
建/创 submissions and their evidence files."""
