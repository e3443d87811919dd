from seamcheck.cli import entry_point

entry_point()
