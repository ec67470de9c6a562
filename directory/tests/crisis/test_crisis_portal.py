"""Crisis first on the help portal: a search or a navigator answer that signals a crisis shows
the crisis lines first; a search without result and the error pages of a local government's
public pages show them with the general windows and the need buttons (no dead ends); the
secretariat keeps the list at /staff/directory/crisis-terms/."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import reverse

from core.models import AuditEntry, LocalGovernment
from core.roles import Role
from directory import selectors
from directory.models import CrisisTerm, Reach, Service

HEADING = "いますぐ話したいとき"
INOCHI = 'href="tel:0963534343"'


def url(name, **kwargs):
    return reverse(f"help:{name}", kwargs={"lg": "kumamoto", **kwargs})


def text(response):
    return response.content.decode()


def need_link(code):
    return f'href="{url("need", code=code)}"'


# --- search ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["死にたい", "ｼﾆﾀｲ", "生きるのが辛い", "夫に殴られる"])
def test_a_search_that_signals_a_crisis_shows_the_crisis_lines_first(kumamoto, client, query):
    content = text(client.get(url("search"), {"q": query}))
    assert HEADING in content and INOCHI in content
    assert 'href="tel:110"' in content and 'href="tel:119"' in content
    assert content.index(HEADING) < content.index('class="result-count"')
    assert content.index(INOCHI) < content.index('class="result-count"')
    assert content.index("熊本いのちの電話") < content.index("熊本こころの電話")


@pytest.mark.parametrize("query", ["仕事", "住まい", "薬物"])
def test_an_ordinary_search_shows_its_results_only(kumamoto, client, query):
    content = text(client.get(url("search"), {"q": query}))
    assert HEADING not in content
    assert 'class="service-card"' in content


def test_a_search_without_result_shows_whom_to_call_and_the_need_buttons(kumamoto, client):
    content = text(client.get(url("search"), {"q": "ぱぴぷぺぽぴよ"}))
    assert "0件" in content
    assert HEADING in content and INOCHI in content and 'href="tel:110"' in content
    for code in ("crisis", "housing", "work", "money"):
        assert need_link(code) in content
    # Kumamoto's package marks the 生活自立支援センター's 自立相談支援 as the general windows
    assert "どこに相談すればよいか わからないとき" in content
    assert "自立相談支援" in content


def test_the_general_windows_are_the_services_marked_so(kumamoto, client):
    services = Service.objects.filter(local_government=kumamoto.local_government)
    services.update(is_general_window=False)
    content = text(client.get(url("search"), {"q": "ぱぴぷぺぽぴよ"}))
    assert "どこに相談すればよいか わからないとき" not in content  # none marked: none shown
    window = services.filter(reach=Reach.PERSON, is_general_window=False).last()
    services.filter(pk=window.pk).update(is_general_window=True)
    kumamoto.local_government.bump_content_revision()
    content = text(client.get(url("search"), {"q": "ぱぴぷぺぽぴよ"}))
    assert "どこに相談すればよいか わからないとき" in content
    assert reverse("help:service", kwargs={"lg": "kumamoto", "pk": window.pk}) in content


def test_a_crisis_search_keeps_its_query_count(kumamoto, client, django_assert_max_num_queries):
    client.get(url("search"), {"q": "仕事"})
    with django_assert_max_num_queries(25):
        client.get(url("search"), {"q": "死にたい"})


# --- navigator and home ----------------------------------------------------------------------


def test_the_navigator_shows_the_crisis_lines_first_when_the_crisis_need_is_chosen(
    kumamoto, client
):
    content = text(client.get(url("navigator"), {"needs": ["crisis", "housing"]}))
    assert HEADING in content and INOCHI in content
    assert content.index(HEADING) < content.index('id="results-heading"')
    ordinary = text(client.get(url("navigator"), {"needs": ["housing"]}))
    assert HEADING not in ordinary and 'id="results-heading"' in ordinary


def test_the_home_starts_with_the_crisis_lines_above_the_need_buttons(kumamoto, client):
    content = text(client.get(url("index")))
    assert content.index(HEADING) < content.index('class="need-buttons"')
    assert content.index(INOCHI) < content.index('class="need-buttons"')
    assert 'href="#around-the-clock"' not in content
    assert 'id="around-the-clock"' in content  # the 24-hour list stays further down


# --- error pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/kumamoto/help/needs/no-such-need/",
        "/kumamoto/help/services/999999/",
        "/kumamoto/plan/no-such-page/",
    ],
)
def test_a_public_404_shows_whom_to_call_and_the_need_buttons(kumamoto, client, path):
    response = client.get(path)
    assert response.status_code == 404
    content = text(response)
    assert "ページが見つかりません" in content
    assert HEADING in content and INOCHI in content and 'href="tel:119"' in content
    assert need_link("housing") in content


def test_a_404_outside_a_local_government_has_no_directory_help(kumamoto, client):
    for path in ("/nowhere-city/help/", "/staff/directory/no-such-page/"):
        content = text(client.get(path))
        assert HEADING not in content


def test_a_public_400_shows_whom_to_call(kumamoto, client):
    response = client.get(url("search") + "?q=a%00b")
    assert response.status_code == 400
    content = text(response)
    assert HEADING in content and INOCHI in content and need_link("housing") in content


def _failing(*args, **kwargs):
    raise RuntimeError("broken for the test")


def test_a_500_shows_the_crisis_lines_when_the_database_answers(kumamoto, client, monkeypatch):
    monkeypatch.setattr(selectors, "around_the_clock_services", _failing)
    client.raise_request_exception = False
    response = client.get(url("index"))
    assert response.status_code == 500
    content = text(response)
    assert "システムエラーが発生しました" in content
    assert INOCHI in content and need_link("housing") in content
    assert content.count('href="tel:110"') == 1  # the page's own, not the include's again


def test_a_500_with_a_failing_provider_still_shows_110_and_119(kumamoto, client, monkeypatch):
    monkeypatch.setattr(selectors, "around_the_clock_services", _failing)
    monkeypatch.setattr(selectors, "need_terms", _failing)  # the help fails too
    client.raise_request_exception = False
    content = text(client.get(url("index")))
    assert 'href="tel:110"' in content and 'href="tel:119"' in content
    assert INOCHI not in content


def test_a_500_with_a_broken_database_still_shows_110_and_119(kumamoto, client, monkeypatch):
    LocalGovernment.objects.get(slug="kumamoto")  # (so that nothing else needs the database)

    def broken(self, sql, params=None):
        raise OperationalError("the database is gone (test)")

    client.raise_request_exception = False
    monkeypatch.setattr(CursorWrapper, "execute", broken)
    try:
        response = client.get(url("search"), {"q": "死にたい"})
    finally:
        monkeypatch.undo()
    assert response.status_code == 500
    content = text(response)
    assert 'href="tel:110"' in content and 'href="tel:119"' in content
    assert "110か119に電話してください" in content


# --- the secretariat's list ------------------------------------------------------------------


@pytest.fixture
def secretariat(city, client):
    client.force_login(city.users[Role.SECRETARIAT])
    return city.users[Role.SECRETARIAT]


def staff_url(name, **kwargs):
    return reverse(f"directory_admin:{name}", kwargs=kwargs or None)


def revision(city):
    return LocalGovernment.objects.get(pk=city.lg.pk).content_revision


def test_the_secretariat_adds_a_term_audited_and_the_pages_expire(city, client, secretariat):
    before = revision(city)
    response = client.post(staff_url("crisis_terms"), {"text": "死にたい"})
    assert response.status_code == 302
    term = CrisisTerm.objects.get(local_government=city.lg)
    assert term.text == "死にたい"
    assert revision(city) == before + 1
    entry = AuditEntry.objects.get(action="directory.crisis_term_create")
    assert entry.actor == secretariat and entry.local_government == city.lg
    content = text(client.get(staff_url("crisis_terms")))
    assert "死にたい" in content
    assert staff_url("crisis_term_edit", pk=term.pk) in content


@pytest.mark.parametrize(
    ("typed", "message"),
    [("シニタイ", "同じ言葉がもうあります"), ("", "必須"), ("！！", "記号や空白だけ")],
)
def test_a_duplicate_or_empty_term_is_refused_with_a_message(
    city, client, secretariat, typed, message
):
    CrisisTerm.objects.create(local_government=city.lg, text="死にたい", position=1)
    response = client.post(staff_url("crisis_terms"), {"text": typed})
    assert response.status_code == 400
    assert message in text(response) or "入力してください" in text(response)
    assert CrisisTerm.objects.filter(local_government=city.lg).count() == 1


def test_the_secretariat_edits_and_deletes_a_term(city, client, secretariat):
    term = CrisisTerm.objects.create(local_government=city.lg, text="死にたい", position=1)
    before = revision(city)
    response = client.post(staff_url("crisis_term_edit", pk=term.pk), {"text": "消えたい"})
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.text == "消えたい" and revision(city) == before + 1
    assert "削除しますか" in text(client.get(staff_url("crisis_term_delete", pk=term.pk)))
    assert client.post(staff_url("crisis_term_delete", pk=term.pk)).status_code == 302
    assert not CrisisTerm.objects.filter(pk=term.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"directory.crisis_term_update", "directory.crisis_term_delete"} <= actions


def test_another_bodys_term_does_not_exist_for_the_secretariat(city, client, secretariat):
    from core.tests.factories import LocalGovernmentFactory

    other = LocalGovernmentFactory()
    term = CrisisTerm.objects.create(local_government=other, text="死にたい", position=1)
    assert client.get(staff_url("crisis_term_edit", pk=term.pk)).status_code == 404
    assert client.post(staff_url("crisis_term_delete", pk=term.pk)).status_code == 404
    assert CrisisTerm.objects.filter(pk=term.pk).exists()


def test_the_list_downloads_as_the_package_file(city, client, secretariat):
    CrisisTerm.objects.create(local_government=city.lg, text="死にたい", position=1)
    response = client.get(staff_url("crisis_terms_csv"))
    assert response.getvalue().decode() == "text\n死にたい\n"


def test_only_the_secretariat_sees_the_link_in_the_directory_menu(city, client):
    client.force_login(city.users[Role.SECRETARIAT])
    assert staff_url("crisis_terms") in text(client.get(staff_url("index")))
    client.force_login(city.users[Role.PARTNER])
    assert staff_url("crisis_terms") not in text(client.get(staff_url("index")))
