"""Annual review scoring (评: 自查自评, 群众点评, 组织考评) and the county's standard rates. Pure.

Numbers are `Decimal`. Every figure that is shown is rounded to two decimals, half up
(`round2`: 87.665 → 87.67), and the next step is computed from the *shown* figure, so that the
breakdown the UI prints adds up exactly: a part's weighted points are round2(weight × shown part
score), the subtotal is the sum of the shown weighted points, and so on. Grades are decided on the
shown total, so a unit shown with 90.00 is never graded below a 90 threshold.

- `policy`: what a county sets — weights, grade bands, points per standard rate (`ScoringPolicy`);
- `parts`: the three part scores, each on 0–100, from their inputs;
- `units`: a unit's weighted total, deductions, veto and grade, and the ranking of a population;
- `standard_rates`: the county's standard rates and their points, from case counts;
- `numbers`: the checks of the numbers the others take in.

Imports run downward in that list's reverse: `numbers` ← `policy` ← `parts` ← `units`, and
`standard_rates` takes `numbers` and `policy` only.
"""
