"""factory_boy factories for the core models in tests. Everything they make is fictional."""

import factory

from core.models import LocalGovernment


class LocalGovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalGovernment
        django_get_or_create = ("code",)

    # Fictional codes with a valid check digit are not needed here; tests use these as labels.
    code = factory.Sequence(lambda n: f"{900000 + n:06d}")
    slug = factory.Sequence(lambda n: f"testcity{n}")
    name = factory.Sequence(lambda n: f"テスト市{n}（架空）")
    kind = LocalGovernment.Kind.CITY
