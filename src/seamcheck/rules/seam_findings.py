"""What the seam rules share (not a rule): a finding anchored at a place in the code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamcheck.findings import Finding, Related, point_finding

if TYPE_CHECKING:
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
    return point_finding(
        code, severity, message, where.path, where.line, where.column, service, relationship,
        related,
    )  # fmt: skip
