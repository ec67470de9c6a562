"""Flags of support coordination's consents part for the staff home (coordination.home)."""


def home_flags(user) -> list:
    """Nothing yet: this part's flags come with its screens (issue 15)."""
    return []
