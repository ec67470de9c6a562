"""The supporters' search of safety-net homes (/staff/housing/search/)."""

app_name = "home_search"

urlpatterns = []
