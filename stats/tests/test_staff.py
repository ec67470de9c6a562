"""The secretariat's statistics pages: the series with value counts, the template, and the
import with a row-by-row report of a bad file."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.jobs.models import Job
from core.models import AuditEntry
from core.roles import Role
from stats.models import StatisticValue

HEADER = "series,area,period,breakdown_kind,breakdown,value,note\n"


def secretariat(client, city):
    client.force_login(city.users[Role.SECRETARIAT])
    return client


def post_file(client, content, name="values.csv"):
    return client.post(
        reverse("stats_admin:import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_the_list_shows_each_series_with_its_value_count(client, city, city_series):
    html = secretariat(client, city).get(reverse("stats_admin:index")).content.decode()
    assert "統計系列（3件）" in html
    assert "<code>arrests</code>" in html and '<td class="num">4</td>' in html
    assert "算出（reoffenders ÷ arrests）" in html
    assert reverse("stats_admin:import") in html and reverse("stats_admin:template_job") in html


def test_the_template_is_also_made_as_a_background_job(
    client, city, city_series, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    direct = secretariat(client, city).get(reverse("stats_admin:template")).getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("stats_admin:template_job"))
    job = Job.objects.get()
    assert response["Location"] == reverse("background_jobs:detail", kwargs={"pk": job.pk})
    assert (job.kind, job.status) == ("stats.values_csv", "succeeded")
    download = client.get(reverse("background_jobs:download", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content) == direct


def test_the_template_holds_the_header_and_the_current_values(client, city, city_series):
    body = secretariat(client, city).get(reverse("stats_admin:template")).getvalue()
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER.strip().split(",")
    assert ["arrests", "テスト市（架空）", "2019", "罪種", "窃盗犯", "200", ""] in rows
    assert len(rows) == 1 + 8
    # the template is a valid upload as it is: nothing changes
    response = post_file(client, body)
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="stats.import_values").changes["unchanged"] == 8


def test_a_good_file_is_taken_and_summarised(client, city, city_series):
    content = (HEADER + "arrests,テスト市（架空）,2020,,,280,\n").encode()
    response = post_file(secretariat(client, city), content)
    assert response.status_code == 302 and response["Location"] == reverse("stats_admin:index")
    html = client.get(response["Location"]).content.decode()
    assert "values.csv の1行を取り込みました（追加 1・更新 0・変更なし 0）。" in html
    assert StatisticValue.objects.filter(period=2020).count() == 1


def test_a_bad_file_shows_the_report_and_changes_nothing(client, city, city_series):
    before = sorted(StatisticValue.objects.values_list("pk", "value"))
    content = (
        HEADER
        + "arrests,テスト市（架空）,2020,,,280,\n"
        + "reoffender-rate,テスト市（架空）,2020,,,30,\n"
        + "arrests,テスト市（架空）,20xx,,,abc,\n"
    ).encode()
    response = post_file(secretariat(client, city), content)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ファイルに問題が3件あるため、何も取り込んでいません" in html
    assert '<td class="num">3</td><td><code>series</code></td>' in html
    assert "件数から算出する率です" in html
    assert '<td class="num">4</td><td><code>period</code></td>' in html
    assert "数値にしてください（abc）。" in html
    assert sorted(StatisticValue.objects.values_list("pk", "value")) == before
    assert not AuditEntry.objects.filter(action="stats.import_values").exists()


def test_a_file_of_another_kind_is_refused_by_the_form(client, city, city_series):
    response = post_file(secretariat(client, city), b"%PDF-1.4", name="values.pdf")
    assert response.status_code == 200
    assert "CSV（.csv）か Excel（.xlsx）のファイルを選んでください。" in response.content.decode()
    response = client.post(reverse("stats_admin:import"), {})
    assert "ファイルを選んでください。" in response.content.decode()


def test_the_pages_show_only_the_own_local_governments_series(
    client, city, city_series, kumamoto_stats
):
    html = secretariat(client, city).get(reverse("stats_admin:index")).getvalue().decode()
    assert "reoffender_rate" not in html and "刑法犯認知件数" not in html
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("stats_admin:template")).getvalue().decode("utf-8-sig"))
        )
    )
    assert {row[0] for row in rows[1:]} == {"arrests", "reoffenders"}
