"""Blocking I/O on async paths (SC201 direct, SC202 through sync helpers), in Python and JS/TS.

`asyncpaths` decides what runs on an event loop, `sinks` matches blocking calls against the
catalog, `reach` finds the shortest sync chains, `analysis` puts them together once per run and
`sc201`/`sc202` turn the result into findings."""

from __future__ import annotations

from seamcheck.rules.blocking import sc201, sc202

RULES = (sc201.RULE, sc202.RULE)
