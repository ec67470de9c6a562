"""How every SQLite connection is opened (config/settings.py; docs/adr/0012-sqlite-wal-and-backups.md).

- journal_mode=WAL: readers never block the writer nor the writer them; a commit appends to the
  write-ahead log instead of rewriting pages in place.
- synchronous=FULL: every commit is on disk (the WAL fsynced) before it returns, so it
  survives a crash of the process and a power cut or OS crash too. NORMAL would fsync only at
  checkpoints: as safe against a crashed process, but a power cut could take the last commits.
- transaction_mode=IMMEDIATE: a transaction takes the write lock when it opens, so two writers
  queue (within the busy timeout) instead of failing with 'database is locked' half-way.
- A memory-mapped file and a 64 MB page cache: matching scans ~100,000 postings through an
  index, and with SQLite's default 2 MB cache every row is a read()."""

PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    " PRAGMA synchronous=FULL;"
    " PRAGMA mmap_size=268435456;"
    " PRAGMA cache_size=-65536;"
)
SQLITE_OPTIONS = {"init_command": PRAGMAS, "transaction_mode": "IMMEDIATE"}
