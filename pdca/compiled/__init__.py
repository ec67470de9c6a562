"""The compiled yearly progress report (進捗状況報告書): its data (`data`), the compiler
(`compile`), the Excel and PDF renderers (`xlsx`, `pdf`) and the staff and public pages."""
