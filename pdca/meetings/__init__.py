"""Meetings (推進会議) and their follow-up items: reads and access (`selectors`), writes
(`services`), forms, views and urls (/staff/pdca/meetings/…)."""
