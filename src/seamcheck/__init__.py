"""seamcheck: architecture-fitness linter for polyglot Python + Node.js repositories."""

__version__ = "0.1.0"
