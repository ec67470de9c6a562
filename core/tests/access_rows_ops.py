"""Access-matrix rows of health and readiness endpoints (see core/tests/access_rows.py).

Both are public: a load balancer or an orchestrator asks them unsigned. Readiness tells the
public only "ok" or "unavailable"; the details (which service, its error) only a system admin
or a request on the server itself sees (core/tests/test_health.py)."""

from core.testing.matrix import everyone

ROWS = {
    "portal:live": everyone(),
    "portal:ready": everyone(),
}
