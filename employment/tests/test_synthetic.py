"""The synthetic employment data (manage.py seed_synthetic): fictional, skewed like the seed's
表4, mostly published, and enough of it that matching and the job board have work to do."""

import random
from collections import Counter

import pytest
from django.utils import timezone

from core import synthetic
from core.fields.choice_masks import from_mask
from core.models import LocalGovernment
from employment.models import Employer, Industry, JobPosting, JobSeeker
from employment.synthetic import EMPLOYERS_MEAN, employers_for_body, seed_employment

pytestmark = pytest.mark.django_db


@pytest.fixture
def bodies():
    LocalGovernment.objects.bulk_create(synthetic.synthetic_local_governments(3))
    saved = list(LocalGovernment.objects.filter(is_synthetic=True).order_by("code"))
    seed_employment(saved, random.Random(20261128))
    return saved


def test_the_seeder_is_registered():
    assert "employment" in [name for name, _ in synthetic.seeders()]


def test_employers_per_body_are_skewed_around_the_target_mean():
    rng = random.Random(1)
    counts = [employers_for_body(rng) for _ in range(5000)]
    mean = sum(counts) / len(counts)
    assert EMPLOYERS_MEAN * 0.93 < mean < EMPLOYERS_MEAN * 1.07  # ≈25,000 at 1,740 bodies
    assert min(counts) >= 1
    assert sorted(counts)[len(counts) // 2] < mean  # skewed: the median body is smaller
    assert max(counts) > 3 * mean


def test_everything_is_fictional_and_in_its_own_body(bodies):
    assert Employer.objects.exists() and JobPosting.objects.exists()
    assert not Employer.objects.filter(is_fictional=False).exists()
    assert not Employer.objects.exclude(name__contains="（架空）").exists()
    assert not JobPosting.objects.filter(is_fictional=False).exists()
    assert not JobPosting.objects.exclude(title__contains="（架空）").exists()
    for posting in JobPosting.objects.select_related("employer"):
        assert posting.local_government_id == posting.employer.local_government_id
    assert not Employer.objects.exclude(contact_phone__startswith="000-").exists()


def test_industries_follow_the_seeds_table_4():
    LocalGovernment.objects.bulk_create(synthetic.synthetic_local_governments(30))
    seed_employment(
        list(LocalGovernment.objects.filter(is_synthetic=True)),
        random.Random(7),
        seekers_per_body=0,
    )
    shares = Counter(Employer.objects.values_list("industry", flat=True))
    total = sum(shares.values())
    assert total > 250
    assert 0.48 < shares[Industry.CONSTRUCTION] / total < 0.64  # 表4: 56 %
    assert shares.most_common(1)[0][0] == Industry.CONSTRUCTION
    assert shares[Industry.OTHER_SERVICES] > shares[Industry.AGRICULTURE]
    assert not JobSeeker.objects.exists()


def test_statuses_visibility_and_flags_vary(bodies):
    employers = Counter(Employer.objects.values_list("status", flat=True))
    assert employers[Employer.Status.APPROVED] > 0.75 * sum(employers.values())
    assert Employer.objects.filter(is_public=False).exists()
    assert Employer.objects.filter(is_public=True).exists()
    # only approved employers have live postings; a withdrawn one's are closed
    assert not JobPosting.objects.exclude(
        employer__status__in=[Employer.Status.APPROVED, Employer.Status.WITHDRAWN]
    ).exists()
    assert not JobPosting.objects.filter(
        employer__status=Employer.Status.WITHDRAWN, status=JobPosting.Status.PUBLISHED
    ).exists()
    postings = Counter(JobPosting.objects.values_list("status", flat=True))
    assert postings[JobPosting.Status.PUBLISHED] > 0.6 * sum(postings.values())
    assert postings[JobPosting.Status.DRAFT] and postings[JobPosting.Status.CLOSED]
    today = timezone.localdate()
    published = JobPosting.objects.filter(status=JobPosting.Status.PUBLISHED)
    assert published.filter(ends_on__lt=today).exists()  # expired, still marked published
    assert not published.filter(published_at__isnull=True).exists()
    assert not JobPosting.objects.filter(
        status=JobPosting.Status.DRAFT, published_at__isnull=False
    ).exists()
    assert JobPosting.objects.filter(excluded_offences=0).exists()
    assert JobPosting.objects.exclude(excluded_offences=0).exists()
    assert JobPosting.objects.filter(dormitory=True).exists()
    assert JobPosting.objects.filter(probation_welcome=False).exists()
    hourly = JobPosting.objects.filter(wage_form=JobPosting.WageForm.HOURLY)
    assert hourly.exists() and not hourly.filter(wage_min__lt=1100).exists()  # above 最低賃金


def test_each_body_has_two_seekers_supported_by_a_fictional_group(bodies):
    for lg in bodies:
        seekers = JobSeeker.objects.filter(local_government=lg).select_related(
            "supporter_organization"
        )
        assert seekers.count() == 2
        for seeker in seekers:
            assert seeker.is_fictional and seeker.code.startswith("架空-")
            assert seeker.supporter_organization.local_government_id == lg.pk
            assert seeker.supporter_organization.is_fictional
            assert from_mask(Industry, seeker.desired_industries)
            assert seeker.offences


def test_a_fixed_count_builds_a_large_body_deterministically():
    LocalGovernment.objects.bulk_create(synthetic.synthetic_local_governments(2))
    first, second = LocalGovernment.objects.filter(is_synthetic=True).order_by("code")
    seed_employment([first], random.Random(5), employers_per_body=40)
    seed_employment([second], random.Random(5), employers_per_body=40)
    assert Employer.objects.filter(local_government=first).count() == 40

    def shape(lg):
        return list(
            JobPosting.objects.filter(local_government=lg)
            .order_by("pk")
            .values_list("title", "status", "wage_min", "excluded_offences")
        )

    assert len(shape(first)) > 40
    assert shape(first) == shape(second)
