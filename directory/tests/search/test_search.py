"""Search of the directory: Japanese folding, readings, synonyms, substrings, ranking, filters
and the index kept in step with the services (run on SQLite and PostgreSQL)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.tests.factories import LocalGovernmentFactory
from directory.models import ReviewStatus, Service, Status
from directory.search.analysis import analyse, index_text, query_terms
from directory.search.fulltext import (
    ranked_service_ids,
    reindex_service,
    reindex_services,
    search_services,
)
from directory.tests.factories import (
    AddressFactory,
    LocationFactory,
    OrganizationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    TaxonomyFactory,
    TaxonomyTermFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lg():
    return LocalGovernmentFactory(name="架空市（架空）")


def make(lg, name, description="", **fields):
    service = ServiceFactory(
        organization=OrganizationFactory(local_government=lg),
        name=name,
        description=description,
        **fields,
    )
    reindex_service(service)
    return service


def names(services):
    return [service.name for service in services]


def fts_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM directory_service_fts")
        return cursor.fetchone()[0]


# --- analysis -------------------------------------------------------------------------------


def test_it_indexes_words_their_readings_and_bigrams():
    analysis = analyse("住まいの相談窓口")
    assert {"住まい", "すまい", "相談", "そうだん", "窓口", "相談窓口"} <= set(analysis.words)
    assert analysis.bigrams == ("住ま", "まい", "いの", "の相", "相談", "談窓", "窓口")
    assert "の" not in analysis.words  # particles find everything: left out


def test_it_folds_width_and_kana_before_indexing():
    assert analyse("ＤＶ　ｿｳﾀﾞﾝ").bigrams == ("dv", "そう", "うだ", "だん")
    assert analyse("相談 窓口").bigrams == ("相談", "談窓", "窓口")  # a PDF's space in a word


def test_it_expands_synonyms_when_indexing():
    tokens = index_text(["就労支援（架空）"], []).split()
    assert {"仕事", "求人", "しごと"} <= set(tokens)


def test_it_counts_name_words_twice():
    tokens = index_text(["住まい"], ["仕事"]).split()
    assert tokens.count("すまい") == 2  # readings are words only, not bigrams
    assert tokens.count("しごと") == 1


def test_a_query_term_has_its_synonyms_and_dictionary_form():
    (alternatives,) = query_terms("すまい")
    texts = {alt.text for alt in alternatives}
    assert {"すまい", "住まい", "住居", "住宅"} <= texts


def test_a_query_is_split_on_any_space_and_punctuation():
    assert len(query_terms("住まい　仕事・お金")) == 3
    assert query_terms("！？　") == []


# --- matching -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["住まい", "すまい", "スマイ", "ｽﾏｲ", "住まい　"])
def test_it_finds_a_word_in_any_width_and_kana(lg, query):
    make(lg, "住まいの窓口（架空）", "入居を手伝います。")
    make(lg, "法律の窓口（架空）", "法律の手続きを手伝います。")
    assert names(search_services(lg, query)) == ["住まいの窓口（架空）"]


def test_it_finds_kanji_by_reading(lg):
    make(lg, "保護観察の手続き（架空）")
    make(lg, "法律の窓口（架空）")
    assert names(search_services(lg, "ほごかんさつ")) == ["保護観察の手続き（架空）"]


def test_it_finds_a_service_by_synonym_at_query_time(lg):
    make(lg, "就労の支援（架空）", "面接の練習をします。")
    make(lg, "法律の窓口（架空）")
    assert names(search_services(lg, "仕事")) == ["就労の支援（架空）"]
    assert names(search_services(lg, "しごと")) == ["就労の支援（架空）"]


def test_it_finds_a_service_by_synonym_at_index_time(lg):
    make(lg, "回復の家（架空）", "ダルクが運営します。")
    make(lg, "法律の窓口（架空）")
    assert names(search_services(lg, "依存症")) == ["回復の家（架空）"]
    assert names(search_services(lg, "薬物")) == ["回復の家（架空）"]


def test_it_finds_a_word_inside_a_longer_text(lg):
    make(lg, "自立の相談（架空）", "生活困窮者自立支援制度に基づく相談です。")
    make(lg, "法律の窓口（架空）", "法律の相談です。")
    assert names(search_services(lg, "困窮")) == ["自立の相談（架空）"]
    assert names(search_services(lg, "窮者自立")) == ["自立の相談（架空）"]
    assert names(search_services(lg, "律")) == ["法律の窓口（架空）"]  # one character: a prefix


def test_it_finds_services_by_their_organization_terms_and_ward(lg):
    term = TaxonomyTermFactory(taxonomy__local_government=lg, code="housing", name="住まい")
    tagged = ServiceFactory(
        organization=OrganizationFactory(local_government=lg, name="ひまわり会（架空）"),
        name="入居の手伝い（架空）",
        description="",
        terms=[term],
    )
    ServiceAtLocationFactory(
        service=tagged, location=LocationFactory(organization=tagged.organization, ward="東区")
    )
    reindex_service(tagged)
    make(lg, "法律の窓口（架空）")
    for query in ("住まい", "ひまわり", "東区"):
        assert names(search_services(lg, query)) == ["入居の手伝い（架空）"], query


def test_every_term_of_the_query_must_match(lg):
    make(lg, "住まいと仕事の相談（架空）")
    make(lg, "住まいの相談（架空）")
    assert names(search_services(lg, "住まい 仕事")) == ["住まいと仕事の相談（架空）"]
    assert names(search_services(lg, "住まい 存在しない言葉")) == []


def test_a_name_match_ranks_above_a_description_match(lg):
    make(lg, "法律の窓口（架空）", "住まいの相談も受けます。住まいの手続き。住まい。", position=1)
    make(lg, "住まいの窓口（架空）", "入居を手伝います。", position=2)
    assert names(search_services(lg, "すまい")) == ["住まいの窓口（架空）", "法律の窓口（架空）"]


def test_more_mentions_rank_higher(lg):
    make(lg, "Ａの窓口（架空）", "住まいの相談も受けます。", position=1)
    make(lg, "Ｂの窓口（架空）", "住まい、住まいの手続き、住まいの費用。", position=2)
    assert names(search_services(lg, "住まい")) == ["Ｂの窓口（架空）", "Ａの窓口（架空）"]


def test_limit_keeps_the_best(lg):
    for number in range(3):
        make(lg, f"法律の窓口{number}（架空）", "住まいの相談も受けます。")
    make(lg, "住まいの窓口（架空）")
    assert names(search_services(lg, "住まい", limit=1)) == ["住まいの窓口（架空）"]
    assert len(search_services(lg, "住まい", limit=2)) == 2
    assert len(search_services(lg, "", limit=2)) == 2


def test_ranked_ids_are_the_search_order_in_one_query(lg, django_assert_num_queries):
    make(lg, "Ａの窓口（架空）", "住まいの相談も受けます。", position=1)
    make(lg, "Ｂの窓口（架空）", "住まい、住まいの手続き、住まいの費用。", position=2)
    make(lg, "住まいの窓口（架空）", position=3)
    make(lg, "法律の窓口（架空）", position=4)
    expected = [service.pk for service in search_services(lg, "住まい")]
    assert len(expected) == 3
    with django_assert_num_queries(1):
        assert ranked_service_ids(lg, "住まい") == expected
    assert ranked_service_ids(lg, "住まい", limit=2) == expected[:2]
    assert ranked_service_ids(lg, "　") == []


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def needs(lg):
    housing = TaxonomyTermFactory(taxonomy__local_government=lg, code="housing", name="住まい")
    work = TaxonomyTermFactory(taxonomy__local_government=lg, code="work", name="仕事")
    family = TaxonomyTermFactory(taxonomy__local_government=lg, code="family", name="家族・子ども")
    audience = TaxonomyFactory(local_government=lg, kind="audience")
    family_audience = TaxonomyTermFactory(taxonomy=audience, code="family", name="家族")
    return {
        "housing": housing,
        "work": work,
        "family": family,
        "audience:family": family_audience,
    }


def test_terms_must_all_match(lg, needs):
    make(lg, "住まいの窓口（架空）", position=1, terms=[needs["housing"]])
    make(lg, "住まいと仕事の窓口（架空）", position=2, terms=[needs["housing"], needs["work"]])
    make(lg, "仕事の窓口（架空）", position=3, terms=[needs["work"]])
    assert names(search_services(lg, terms=["housing"])) == [
        "住まいの窓口（架空）",
        "住まいと仕事の窓口（架空）",
    ]
    assert names(search_services(lg, terms=["housing", "work"])) == ["住まいと仕事の窓口（架空）"]
    assert sorted(names(search_services(lg, "窓口", terms=["work"]))) == [
        "仕事の窓口（架空）",
        "住まいと仕事の窓口（架空）",
    ]
    assert search_services(lg, terms=["no-such-term"]) == []


def test_a_term_can_name_its_kind(lg, needs):
    make(lg, "子育ての窓口（架空）", terms=[needs["family"]])
    make(lg, "家族会（架空）", terms=[needs["audience:family"]])
    assert len(search_services(lg, terms=["family"])) == 2
    assert names(search_services(lg, terms=["need:family"])) == ["子育ての窓口（架空）"]
    assert names(search_services(lg, terms=["audience:family"])) == ["家族会（架空）"]


def test_an_empty_query_lists_public_services_in_order(lg):
    make(lg, "二番（架空）", position=2)
    make(lg, "一番（架空）", position=1)
    assert names(search_services(lg)) == ["一番（架空）", "二番（架空）"]


def test_unpublished_inactive_and_hidden_organizations_are_left_out(lg):
    make(lg, "公開中の住まい窓口（架空）")
    make(lg, "作成中の住まい窓口（架空）", review_status=ReviewStatus.DRAFT)
    for status in (Status.INACTIVE, Status.DEFUNCT, Status.TEMPORARILY_CLOSED):
        make(lg, f"{status}の住まい窓口（架空）", status=status)
    hidden = make(lg, "非公開団体の住まい窓口（架空）")
    hidden.organization.review_status = ReviewStatus.DRAFT
    hidden.organization.save()
    assert names(search_services(lg, "住まい")) == ["公開中の住まい窓口（架空）"]
    assert names(search_services(lg)) == ["公開中の住まい窓口（架空）"]


def test_other_local_governments_are_left_out(lg):
    other = LocalGovernmentFactory()
    make(other, "よその住まい窓口（架空）")
    make(lg, "ここの住まい窓口（架空）")
    assert names(search_services(lg, "住まい")) == ["ここの住まい窓口（架空）"]
    assert names(search_services(lg)) == ["ここの住まい窓口（架空）"]
    assert names(search_services(other, "住まい")) == ["よその住まい窓口（架空）"]


def test_a_text_that_looks_like_the_tenant_token_does_not_cross_bodies(lg):
    other = LocalGovernmentFactory()
    make(other, "よその住まい窓口（架空）", f"ｌｇ{lg.pk} LG{lg.pk} lg{lg.pk}")
    assert search_services(lg, "住まい") == []


# --- the index in step ----------------------------------------------------------------------


def test_reindexing_after_an_update_finds_the_new_text_only(lg):
    service = make(lg, "住まいの窓口（架空）")
    service.name = "仕事の窓口（架空）"
    service.save()
    reindex_service(service)
    assert names(search_services(lg, "仕事")) == ["仕事の窓口（架空）"]
    assert search_services(lg, "住まい") == []
    assert Service.objects.get(pk=service.pk).search_text == service.search_text
    if connection.vendor == "sqlite":
        assert fts_rows() == 1


def test_a_deleted_service_leaves_the_index(lg):
    kept = make(lg, "住まいの窓口（架空）")
    gone = make(lg, "住まいの相談（架空）")
    gone.delete()
    assert names(search_services(lg, "住まい")) == [kept.name]
    if connection.vendor == "sqlite":
        assert fts_rows() == 1
        kept.organization.delete()  # a cascade goes through the same receiver
        assert fts_rows() == 0


def test_reindex_services_indexes_bulk_created_services(lg):
    organization = OrganizationFactory(local_government=lg)
    Service.objects.bulk_create(
        [
            Service(local_government=lg, organization=organization, name=f"住まい{n}（架空）")
            for n in range(3)
        ]
    )
    assert search_services(lg, "住まい") == []
    assert reindex_services(Service.objects.filter(local_government=lg), batch_size=2) == 3
    assert len(search_services(lg, "すまい")) == 3


def test_the_number_of_queries_does_not_grow_with_the_results(lg, needs):
    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            results = search_services(lg, **kwargs)
        return len(captured), len(results)

    def full(name):
        service = make(lg, name, terms=[needs["housing"]])
        place = ServiceAtLocationFactory(
            service=service, location__organization=service.organization
        )
        AddressFactory(location=place.location, local_government=lg)
        PhoneFactory(service=service, local_government=lg)
        ScheduleFactory(service=service, local_government=lg)

    full("住まいの窓口（架空）")
    one = {"search": queries(query="住まい"), "list": queries(terms=["housing"])}
    for number in range(4):
        full(f"住まいの相談{number}（架空）")
    five = {"search": queries(query="住まい"), "list": queries(terms=["housing"])}
    assert five["search"] == (one["search"][0], 5)
    assert five["list"] == (one["list"][0], 5)
    results = search_services(lg, "住まい")
    with CaptureQueriesContext(connection) as captured:
        for service in results:
            list(service.phones.all()), list(service.schedules.all()), service.organization.name
            for place in service.service_at_locations.all():
                list(place.location.addresses.all())
    assert len(captured) == 0


# --- PostgreSQL: the index is used ----------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's GIN index")
def test_postgresql_search_reads_the_gin_index(lg):
    """At a realistic size (41 bodies × 10 organizations × 10 services) the search reads its body's matches
    from the GIN index: no full scan, and no walk through the body's services either."""
    from directory.search.fulltext import matching_services

    housing = index_text(["住まいの相談（架空）"], ["入居を手伝います。"])
    law = index_text(["法律の相談（架空）"], ["手続きを案内します。"])
    rows = []
    for body in [lg, *(LocalGovernmentFactory() for _ in range(40))]:
        for organization in OrganizationFactory.create_batch(10, local_government=body):
            rows += [
                Service(
                    local_government=body,
                    organization=organization,
                    name="住まいの相談（架空）" if n == 0 else "法律の相談（架空）",
                    search_text=housing if n == 0 else law,
                )
                for n in range(10)
            ]
    Service.objects.bulk_create(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_service")
        cursor.execute("ANALYZE directory_organization")
    queryset = matching_services(lg, "住まい")
    assert queryset.count() == 10
    plan = queryset.explain()
    assert "Bitmap Index Scan on directory_service_search_gin" in plan, plan
    assert "Seq Scan on directory_service" not in plan, plan
    assert len(search_services(lg, "住まい")) == 10
