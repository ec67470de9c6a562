"""Walk the URL configuration: every named URL, as namespace:name, and its view."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_url_names() -> set[str]:
    return set(url_views())


def url_views() -> dict:
    """Every named URL (namespace:name) and its view function."""
    views: dict = {}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(f"URL pattern {pattern.pattern} has no name")
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                views[name] = pattern.callback

    walk(get_resolver().url_patterns, "")
    return views
