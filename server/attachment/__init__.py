"""Stored files (附件): photos from the phone camera, scanned letters, evidence documents.

One table and one store for every file the product keeps; each file belongs to at most one
record (a case, a dispute, an evaluation submission, a self-assessment line, a declaration),
and whoever may read that record may read the file (`access.py`).
"""
