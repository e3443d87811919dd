"""What the seam rules share (not a rule): a finding anchored at a place in the code."""

from __future__ import annotations

from seamcheck.findings import Finding, Related, fingerprint
from seamcheck.seams.model import Where


def finding_at(
    where: Where,
    code: str,
    severity: str,
    message: str,
    service: str,
    relationship: tuple[str, ...],
    related: tuple[Related, ...] = (),
) -> Finding:
    """A finding at `where` (a point: seams have no end column), fingerprinted by the rule
    and `relationship`, never by the line."""
    return Finding(
        code=code,
        severity=severity,
        message=message,
        path=where.path,
        line=where.line,
        column=where.column,
        end_line=where.line,
        end_column=where.column,
        service=service,
        fingerprint=fingerprint(code, *relationship),
        related=related,
    )
