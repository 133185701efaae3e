"""The staff tables as SQLAlchemy Core sees them, and the roles."""

from __future__ import annotations

from sqlalchemy import Table

from core.storage.models import AuditEntry, ConsoleLoginFailure, ConsoleLoginLink, ConsoleUser

user_t: Table = ConsoleUser.__table__  # type: ignore[attr-defined]
failure_t: Table = ConsoleLoginFailure.__table__  # type: ignore[attr-defined]
login_link_t: Table = ConsoleLoginLink.__table__  # type: ignore[attr-defined]
audit_t: Table = AuditEntry.__table__  # type: ignore[attr-defined]

OPERATOR = "operator"
EDITOR = "editor"
CASEWORKER = "caseworker"
ROLES = (OPERATOR, EDITOR, CASEWORKER)
