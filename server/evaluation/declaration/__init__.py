"""申报推荐 declaration workflow: township applies → county reviews and declares to the city →
city initial review → province recommendation → designation. Each step may instead return the
declaration with a comment; a returned declaration can be applied for again.

City and province reviewers see declarations and the aggregate figures copied into them (score,
grade, rank, "三无", rates as percentages) — never a case or a petitioner.

- `transitions`: the steps, who may take each, and which status each leads to (pure);
- `reading`: who may see a declaration, the list and the recorded steps;
- `summary`: the aggregate figures copied into a declaration, and the 三无/veto gate;
- `files`: the 申报材料 uploaded with a declaration, and who may read them;
- `flows`: applying and deciding a step;
- `document`: the 申报表 / 推荐表, generated from the records when downloaded.
"""
