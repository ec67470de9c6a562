"""Plan packages (docs/plan-package.md): `content` (what a validated package holds),
`reading` (`read_package`, with `reader`, `pillars`, `indicators`) and `writing`
(`write_package`). Registered as the plan section of the package by plans/package_section.py."""
