"""The directory section of a plan package (`directory/`, docs/directory-package.md),
registered with core.package.sections for load_plan and reload_plan."""

from core.package.sections import PackageSection, register
from directory.models import Organization, Service, Taxonomy
from directory.plan_package.contents import DirectoryInvalid
from directory.plan_package.reading import read_directory_package
from directory.services import directory_load_package


def _present(local_government) -> bool:
    return any(
        model.objects.filter(local_government=local_government).exists()
        for model in (Organization, Service, Taxonomy)
    )


register(
    PackageSection(
        name="directory",
        order=20,
        read=lambda path, plan: read_directory_package(path, plan=plan),
        invalid=DirectoryInvalid,
        summary=lambda directory: f"directory: {directory.summary()}",
        present=_present,
        load=directory_load_package,
        report=lambda directory, result: f"directory: {directory.summary()} ({result.summary()})",
    )
)
