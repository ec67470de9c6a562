# i18n-data-file
"""Japanese for the messages of django-otp-webauthn's JavaScript, which ships no Japanese
catalogue: served by `accounts:passkey_i18n` in place of the library's (English) strings.
Keys are the library's msgids exactly (its static/django_otp_webauthn/*.js)."""

JAPANESE = {
    "Register a Passkey": "パスキーを登録する",
    "Registering...": "登録しています…",
    "Finishing registration...": "登録を仕上げています…",
    "Registration successful!": "パスキーを登録しました。",
    "Registration aborted.": "登録を中止しました。",
    "Registration aborted or not allowed.": "登録が中止されたか、許可されませんでした。",
    "Registration failed. A server error occurred.": (
        "登録できませんでした。サーバーで問題が起きました。"
    ),
    "Registration failed. An unknown error occurred.": (
        "登録できませんでした。原因の分からない問題が起きました。"
    ),
    "Registration failed. The server was unable to verify this passkey.": (
        "登録できませんでした。このパスキーを確かめられませんでした。"
    ),
    "Registration failed. Unable to fetch registration options from server.": (
        "登録できませんでした。登録に必要な情報を受け取れませんでした。"
        "二要素認証の画面を開き直してください。"
    ),
    "Registration failed. You most likely already have a Passkey registered for this site.": (
        "登録できませんでした。このサイトのパスキーは、すでに登録されているようです。"
    ),
    "Registration failed. A technical problem occurred that prevents you from registering "
    "a Passkey for this site.": (
        "登録できませんでした。この機器ではパスキーを登録できないようです。"
        "認証アプリを使ってください。"
    ),
    "An error occurred during registration.": "登録の途中で問題が起きました。",
    "Verify with Passkey": "パスキーで確認する",
    "Verifying...": "確認しています…",
    "Finishing verification...": "確認を仕上げています…",
    "Verification successful!": "確認できました。",
    "Verification aborted.": "確認を中止しました。",
    "Verification canceled or not allowed.": "確認が取り消されたか、許可されませんでした。",
    "Verification failed. A server error occurred.": (
        "確認できませんでした。サーバーで問題が起きました。"
    ),
    "Verification failed. An unknown error occurred.": (
        "確認できませんでした。原因の分からない問題が起きました。"
    ),
    "Verification failed. An unknown server error occurred.": (
        "確認できませんでした。サーバーで問題が起きました。"
    ),
    "Verification failed. Could not retrieve parameters from the server.": (
        "確認できませんでした。最初からログインし直してください。"
    ),
    "An error occurred during verification.": "確認の途中で問題が起きました。",
}
