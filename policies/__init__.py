"""Policy packs and library catalogs shipped with seamcheck (data, not code)."""
