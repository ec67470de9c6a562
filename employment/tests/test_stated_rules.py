"""No silent requirements: the employer application does not ask for what an applicant may
not know (登録日), a posting says before it is published that it needs an end date, and
every required field is marked (visibly and for assistive technology)."""

import datetime

import pytest
from django.urls import reverse

from core.roles import Role
from employment.models import Employer, JobPosting
from employment.tests.employers.helpers import application, apply_url
from employment.tests.factories import JobPostingFactory
from employment.tests.postings.access_rows import own_employer

pytestmark = pytest.mark.django_db


def test_a_registered_employer_may_apply_without_its_registration_date(client, city):
    response = client.post(
        apply_url(city), application(registered_with_probation_office="yes", registered_on="")
    )
    assert response.status_code == 302
    employer = Employer.objects.get()
    assert employer.registered_with_probation_office and employer.registered_on is None


def test_the_application_marks_what_is_required_and_states_the_rules(client, city):
    html = client.get(apply_url(city)).content.decode()

    def label(field_id):
        return html.split(f'for="{field_id}"')[1].split("</label>")[0]

    for required in ("id_name", "id_name_kana", "id_address", "id_contact_email"):
        assert "（必須）" in label(required), required
    assert "（必須）" not in label("id_registered_on")
    assert "任意です" in html.split('id="id_registered_on_helptext"')[1][:200]
    assert 'aria-describedby="id_registered_on_helptext"' in html
    # a group of radios is a fieldset whose legend carries the mark
    assert '保護観察所に協力雇用主として登録していますか <span class="required">（必須）' in html
    # the rules a field is checked against are said beside it
    assert "市外局番から入力します" in html and "従業員数に合う規模" in html


def test_errors_sit_where_the_field_points(client, city):
    response = client.post(apply_url(city), application(registered_on="2099-01-01"))
    html = response.content.decode()
    assert 'aria-describedby="id_registered_on_helptext id_registered_on_error"' in html
    assert '<div id="id_registered_on_error"><p class="error">' in html


def test_a_posting_says_before_publishing_that_it_needs_an_end_date(client, city):
    employer = own_employer(city)
    posting = JobPostingFactory(employer=employer, status=JobPosting.Status.DRAFT, ends_on=None)
    client.force_login(city.users[Role.EMPLOYER])
    form = client.get(reverse("postings:edit", kwargs={"pk": posting.pk})).content.decode()
    ends = form.split('for="id_ends_on"')[1]
    assert ends.startswith('>掲載終了日 <span class="required">（公開に必須）</span>')
    assert "公開するときに必須です" in ends[:400]
    assert "1つ以上選びます" in form  # the way to apply: one at least

    detail = client.get(reverse("postings:detail", kwargs={"pk": posting.pk})).content.decode()
    assert "公開するには掲載終了日が必要です" in detail
    assert reverse("postings:publish", kwargs={"pk": posting.pk}) not in detail

    posting.ends_on = datetime.date.today() + datetime.timedelta(days=30)
    posting.save()
    detail = client.get(reverse("postings:detail", kwargs={"pk": posting.pk})).content.decode()
    assert "公開するには掲載終了日が必要です" not in detail
    assert reverse("postings:publish", kwargs={"pk": posting.pk}) in detail
