// Passkeys (django-otp-webauthn): after a passkey is registered, reload the page so that it
// shows the new state (and, after a first enrolment, the recovery codes). No inline script:
// the library's own modules read their configuration from #otp_webauthn_config.
"use strict";
document.addEventListener("otp_webauthn.register_complete", function () {
  window.location.reload();
});
