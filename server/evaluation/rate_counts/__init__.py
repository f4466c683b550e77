"""The standard rates counted by the database: the conditions of `rates.tally`, in SQL.

One query per source, each within the period in its WHERE, so the cost grows with the county's
activity in the period, not with the database (nor with the county's past):
- the cases: the period's instants (`CASE_INSTANTS`) are one index range each on
  (tenant_id, instant); PostgreSQL ORs the ranges (BitmapOr), then the subtree filters, and one
  aggregate row sums the same conditions as `rates.tally`;
- the reply rounds (满意率 / 参评率): the tenant's published answers (答复, 复查意见, 复核意见) of the
  period on (tenant_id, kind, published_at), each with its own round's rating;
- the review decisions (复查复核维持率) and the incidents (重要信息上报率): few rows, read one by one;
- the screening reports (排查报告按时率): the periods of the subtree's units.
Nothing is cached or pre-aggregated: every figure is counted from the records when asked, so it
is never stale (the consistency is the transaction's).

- `cases`: the one aggregate over the cases (`tally_columns`, `case_tally_query`) and the cases'
  facts (the rule's input, which tests compare with the database's counts);
- `rounds`: the reply rounds answered in a period and their ratings;
- `reporting`: the incidents (重要信息上报率) and the screening reports (排查报告按时率);
- `unit_report`: a unit's standard rates from all of them (`count_unit_rates`).
The period and subtree they count within are `server.evaluation.rate_queries`'.
"""
