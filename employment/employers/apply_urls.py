"""Public: an employer applies online at /<lg>/employers/apply/, and sets the password of its
account from the e-mail link once approved."""

from django.urls import path

from employment.employers import apply_views as views

app_name = "employer_apply"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/thanks/", views.thanks, name="thanks"),
    path("password/<uidb64>/<token>/", views.set_password, name="set_password"),
]
