"""The secretariat's (and the system admin's) screens for accounts and organizations, the
invitations that open an account, and the one page where a link from an e-mail sets a
password (docs/accounts.md)."""
