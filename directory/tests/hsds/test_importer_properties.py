"""Property: any HSDS tabular package (a folder of CSV files) is either imported cleanly or
refused with a list of row errors and nothing written; never an exception (docs/testing.md).
Each example changes one file of a small valid export (cells, header, rows) and imports it
the way `manage.py import_hsds` does."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import event, given
from hypothesis import strategies as st

from core.testing.properties import assert_row_errors, changed_copy, mutated_folder, row_counts
from directory.hsds.export import EXCHANGE, write_hsds_package
from directory.hsds.reading import read_hsds_package
from directory.hsds.schema import RESOURCES
from directory.plan_package.contents import DirectoryInvalid
from directory.services import directory_import_hsds
from directory.tests.package_data import load_city_directory


@pytest.fixture
def hsds_export(city, tmp_path_factory):
    """A valid HSDS export of the city's small fictional directory: {file name: text}."""
    load_city_directory(city, tmp_path_factory.mktemp("directory-package"))
    folder = tmp_path_factory.mktemp("hsds")
    write_hsds_package(city.lg, folder, scope=EXCHANGE)
    files = {
        path: (folder / path).read_text(encoding="utf-8") for path, _fields in RESOURCES.values()
    }
    assert sum(text.count("\n") - 1 for text in files.values()) > 10, "the export is too small"
    return folder, files


@given(data=st.data())
def test_any_hsds_package_is_imported_or_refused_with_row_errors(city, hsds_export, data):
    source, files = hsds_export
    change = data.draw(mutated_folder(files), label="change")
    with changed_copy(source, change) as folder:
        before = row_counts("directory")
        try:
            package = read_hsds_package(folder, local_government=city.lg)
            directory_import_hsds(local_government=city.lg, package=package)
        except DirectoryInvalid as invalid:
            event("refused")
            assert_row_errors(invalid.errors)
            assert row_counts("directory") == before, "a refused package wrote something"
        except ValidationError as error:  # what import_hsds reports as a refusal
            event("refused")
            assert error.messages
            assert row_counts("directory") == before, "a refused package wrote something"
        else:
            event("loaded")
