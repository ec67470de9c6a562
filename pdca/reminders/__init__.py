"""Reminder e-mails to departments whose progress reports are not submitted: the mails, the
daily job and sending now (`services`, run by `manage.py send_reminders`) and the
secretariat's page (`views`)."""
