"""The secretariat's pages of the 市営住宅 rounds and rules (/staff/housing/public-housing/)."""

app_name = "public_housing"

urlpatterns = []
