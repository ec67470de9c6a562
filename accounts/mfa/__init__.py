"""The second factor (docs/sign-in.md, docs/adr/0007-second-factor.md): authenticator apps,
one-time recovery codes and passkeys over django-otp, the secretariat's enrolment codes, and
their pages. `services` is the thin layer the views call; nothing else touches django-otp."""
