"""Field-by-field checks of an edited evaluation settings form: the "三无" rule template and the
scoring policy, as the county's editor sends them. Pure: no I/O.

`SanwuRule.from_dict` and `ScoringPolicy.from_dict` stop at the first problem and describe it in
English for developers. A county administrator needs every problem at once, each next to its
input, in their language, so `check_settings` walks the same structure and returns every problem
as a `FieldProblem` (path, code, message key, parameters). Paths are those of `TemplateError`,
prefixed with the part they belong to: ``template.tiers.TOWNSHIP[1].headcount.value``,
``template.targets[0].min_percent``, ``policy.weights.self_assessment``. When no problem is found,
the strict parsers run as a backstop (`parse_settings`), so nothing they refuse is ever saved.

The PWA repeats these checks before it sends anything (pwa/src/features/admin/evaluationSettings.ts);
the server's answer is the one that counts.

- `form`: the entry points — `check_settings`, `parse_settings`, `add_to`;
- `template`: the checks of the 三无 rule template, section by section;
- `policy`: the checks of the scoring policy;
- `fields`: `FieldProblem`, the limits, and `FieldChecks`, the collector of problems with the
  checks of single values (text, integers, decimals, choices) the sections share.
"""
