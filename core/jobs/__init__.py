"""Background jobs (docs/jobs.md, docs/adr/0013-background-jobs.md): one Job row per piece of
long work, one interface (`enqueue`, `report_progress`), the engine chosen in settings."""
