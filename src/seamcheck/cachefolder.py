"""What the cache folder is called, and how soon after a change a file's stat vouches for its
content: shared by the cache (`cache.py`, `inputs.py`) and the start-up's replay
(`unchanged.py`), so this imports nothing."""

CACHE_DIR_NAME = ".seamcheck_cache"

# A stat taken this soon after a change may miss a second change made within the same clock
# tick (git's "racy clean" problem; 2 s covers FAT's timestamps and modest clock skew on
# network file systems): such a stat vouches for nothing.
RACY_WINDOW_NS = 2_000_000_000

# The kernel stamps ctimes from a clock that may lag the one `time.time_ns` reads by a tick
# (at most 10 ms on Linux). A ctime, unlike an mtime, cannot be set by hand: one older than a
# tick before a stat is taken cannot be the ctime of a change made after it.
CLOCK_TICK_NS = 10_000_000
