import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.dates import utcnow
from server.db import Base, UtcDateTime


class Attachment(Base):
    """A stored file; the bytes live in the attachment store under their SHA-256.

    The owner columns are all empty until the file is linked (a case registered, a dispute saved,
    evidence submitted); an unlinked file can be read only by its uploader.
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    dispute_id: Mapped[int | None] = mapped_column(ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    submission_id: Mapped[int | None] = mapped_column(
        ForeignKey("eval_submissions.id", ondelete="CASCADE"), index=True
    )
    self_assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("eval_self_assessments.id", ondelete="CASCADE"), index=True
    )
    declaration_id: Mapped[int | None] = mapped_column(
        ForeignKey("eval_declarations.id", ondelete="CASCADE"), index=True
    )
    # Empty for a citizen's upload (no account): such a file is linked only through its signed token.
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)

    OWNER_COLUMNS = ("case_id", "dispute_id", "submission_id", "self_assessment_id", "declaration_id")

    @property
    def linked(self) -> bool:
        return any(getattr(self, column) is not None for column in self.OWNER_COLUMNS)
