"""Reporters: pure functions from findings (and the analysed model) to text."""
