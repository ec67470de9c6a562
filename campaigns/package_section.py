"""The campaigns section of a plan package (`campaigns/`, docs/campaigns/package.md),
registered with core.package.sections for load_plan, reload_plan, export_plan and seed_demo
(a fictional campaign year with its events)."""

from collections import Counter

from campaigns.demo import ensure_demo_campaign
from campaigns.models import CampaignYear
from campaigns.plan_package.loading import campaigns_load_package
from campaigns.plan_package.reading import CampaignsPackageInvalid, read_campaigns_package
from campaigns.plan_package.writing import write_campaigns_package
from core.package.sections import PackageSection, register


def _present(local_government) -> bool:
    """Whether the body has campaign years of its own (a year holding fictional events, the
    demo's or seed_synthetic's, does not count: a package still loads beside it)."""
    return (
        CampaignYear.objects.filter(local_government=local_government)
        .exclude(events__is_fictional=True)
        .exists()
    )


def _demo(local_government, *, organizations, restore=False) -> list[tuple[str, Counter]]:
    years, events = ensure_demo_campaign(local_government, restore=restore)
    return [("demo campaign year", years), ("demo campaign events", events)]


register(
    PackageSection(
        name="campaigns",
        order=50,
        read=read_campaigns_package,
        invalid=CampaignsPackageInvalid,
        summary=lambda campaigns: f"campaigns: {campaigns.summary()}",
        present=_present,
        load=campaigns_load_package,
        report=lambda campaigns, result: f"campaigns: {campaigns.summary()} ({result.summary()})",
        write=lambda local_government, path: (
            f"{write_campaigns_package(local_government, path)} campaign records"
        ),
        demo=_demo,
    )
)
