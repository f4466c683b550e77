"""Unit tree import: reading a sheet and planning the changes. Pure — no I/O, no database
(`server.admin.unit_import` does the I/O and applies a plan).

- `sheet`: a CSV or XLSX file as rows of strings, and the errors a sheet or a row can have;
- `layouts`: the two layouts understood (the header row decides), the units a sheet describes and
  the units already there;
- `codes`: rows in the statistical-codes layout as units;
- `names`: rows in the name/parent layout as units;
- `planning`: what importing the rows would change (`plan`), in MERGE or REPLACE mode (`Mode`).
"""
