"""Volunteers: the 保護司 figures, the recruitment work and the volunteers' home page (/staff/volunteers/)."""

app_name = "volunteers"

urlpatterns = []
