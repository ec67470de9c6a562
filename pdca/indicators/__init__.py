"""Indicators against their targets: the computed status, the counted-indicator registry and
the rows and charts (`status`), the back office's actuals (`views`) and the public indicator
page (`public_views`, `public_urls`)."""
