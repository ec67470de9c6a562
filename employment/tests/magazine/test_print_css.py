"""The magazine's print rules live in static/css/magazine-print.css: the preview (a browser
page under the Content-Security-Policy) links them, the PDF's HTML holds them inline."""

from django.urls import reverse

from core.roles import Role
from employment.magazine.pdf import issue_html
from employment.tests.factories import MagazineIssueFactory


def test_the_preview_links_the_rules_and_the_pdf_holds_them(client, city):
    issue = MagazineIssueFactory(local_government=city.lg, how_to_apply="保護司に相談")
    client.force_login(city.users[Role.SECRETARIAT])

    preview = client.get(reverse("magazine:preview", kwargs={"pk": issue.pk}))

    html = preview.content.decode()
    assert preview.status_code == 200
    assert "<style" not in html and "style=" not in html
    assert "css/magazine-print.css" in html
    pdf_html = issue_html(issue)
    assert "counter(page)" in pdf_html and ".preview-bar" in pdf_html
    # the draft's mark in the page margin (only the PDF has page margins)
    assert '@top-right { content: "見本（編集中）"' in pdf_html
