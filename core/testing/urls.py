"""Walk the URL configuration: every named URL, as namespace:name."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_url_names() -> set[str]:
    names: set[str] = set()

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
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return names
