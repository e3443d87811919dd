"""What the seam rules share (not a rule): a finding anchored at a place in the code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seamcheck.findings import Alias, Finding, Related, point_finding

if TYPE_CHECKING:
    from seamcheck.seams.model import ClientCall, Where


def finding_at(
    where: Where,
    code: str,
    severity: str,
    message: str,
    service: str,
    relationship: tuple[str, ...],
    related: tuple[Related, ...] = (),
    aliases: tuple[Alias, ...] = (),
) -> Finding:
    """A finding at `where` (a point: seams have no end column), fingerprinted by the rule
    and `relationship`, never by the line."""
    return point_finding(
        code, severity, message, where.path, where.line, where.column, service, relationship,
        related, aliases,
    )  # fmt: skip


def through_wrappers(call: ClientCall) -> tuple[Related, ...]:
    """The wrapper calls a client call made through wrappers goes through, the client
    library's call last: where the URL the finding names is made of what `call` gives."""
    if not call.through:
        return ()
    *passing, making = call.through
    passes = "a wrapper passes the call's arguments on here"
    hops = [Related(w.path, w.line, w.column, passes) for w in passing]
    makes = f"the wrapper's {call.client} call, with the call's arguments"
    return (*hops, Related(making.path, making.line, making.column, makes))
