"""The way in: `/` and `/<lg>/` lead a person to help first, then supporters, then the plan;
the public header folds into one menu button on a phone and its title leads back here."""

import re

from django.urls import reverse

from core.tests.factories import LocalGovernmentFactory


def text(response) -> str:
    return response.content.decode()


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def main(html: str) -> str:
    return html[html.index('<main id="main"') : html.index("</main>")]


class TestRoot:
    def test_with_one_real_local_government_it_leads_to_its_chooser(self, client, city):
        LocalGovernmentFactory(slug="fiction", is_synthetic=True)  # synthetic: not counted
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:local_government", args=["testcity"])

    def test_with_several_it_lists_them(self, client, city):
        LocalGovernmentFactory(slug="othertown", name="よその町（架空）")
        content = text(client.get("/"))
        assert reverse("portal:local_government", args=["testcity"]) in content
        assert reverse("portal:local_government", args=["othertown"]) in content


class TestChooser:
    def test_the_first_and_largest_choice_is_help_for_the_person_and_family(self, client, city):
        response = client.get("/testcity/")
        assert response.status_code == 200
        body = main(text(response))
        first = links(body)[0]
        assert first == reverse("help:index", args=["testcity"])
        assert 'class="choice choice-primary"' in body
        assert body.index("相談したい（ご本人・ご家族）") < body.index("支援する方へ")
        assert body.index("支援する方へ") < body.index("市民・議会の方へ")

    def test_supporters_find_the_navigator_and_jobs_and_citizens_the_plan(self, client, city):
        body = main(text(client.get("/testcity/")))
        supporters = body[body.index("支援する方へ") : body.index("市民・議会の方へ")]
        citizens = body[body.index("市民・議会の方へ") :]
        for name in ("help:navigator", "jobs:board", "employer_apply:apply"):
            assert reverse(name, args=["testcity"]) in supporters
        for name in (
            "plans:overview",
            "plans:indicator_list",
            "progress:index",
            "stats:index",
            "opendata:index",
        ):
            assert reverse(name, args=["testcity"]) in citizens

    def test_every_choice_leads_to_a_page_that_answers(self, client, city):
        for url in links(main(text(client.get("/testcity/")))):
            assert client.get(url).status_code == 200, url

    def test_homes_are_offered_now_that_they_have_a_page(self, client, city):
        body = main(text(client.get("/testcity/")))
        assert f'href="{reverse("homes:index", args=["testcity"])}">住まいをさがす' in body

    def test_an_unknown_local_government_404s(self, client, city):
        assert client.get("/nowhere/").status_code == 404


class TestHeader:
    def test_the_title_leads_to_the_chooser(self, client, city):
        content = text(client.get(reverse("plans:overview", args=["testcity"])))
        title = re.search(r'<a class="site-title" href="([^"]+)"', content)
        assert title.group(1) == reverse("portal:local_government", args=["testcity"])

    def test_the_links_sit_in_one_menu_that_opens_without_a_script(self, client, city):
        content = text(client.get(reverse("plans:overview", args=["testcity"])))
        header = content[content.index("<header") : content.index("</header>")]
        menu = header[header.index('<details class="site-menu">') : header.index("</details>")]
        assert '<summary class="site-menu-button">メニュー</summary>' in menu
        assert reverse("help:index", args=["testcity"]) in menu
        assert len(links(menu)) == len(links(header)) - 1  # all but the title
        assert "<script" not in header
