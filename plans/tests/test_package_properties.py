"""Property: any plan package (a folder of YAML and CSV files, every section) is either
loaded cleanly or refused with a list of problems and nothing written; never an exception
(docs/testing.md). Each example changes one file of the small city's exported package (a YAML
value, a CSV cell, a header, a row; or the file removed) and loads it the way
`manage.py reload_plan` does: every section read and checked first, then loaded all or
nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from hypothesis import event, given
from hypothesis import strategies as st

from core.package.sections import invalid_types, load_sections, read_package_sections
from core.testing.properties import assert_row_errors, changed_copy, mutated_folder, row_counts
from employment.tests.factories import EventFactory
from housing.tests.factories import HousingProviderFactory, PublicHousingRoundFactory
from housing.tests.factories_homes import HousingRulesFactory
from stats.tests.factories import make_city_series


@pytest.fixture
def city_package(city, tmp_path_factory):
    """The small city's plan, with its statistics, an employment event and its housing rules,
    round and provider, exported as a package: (folder, {path: text}) of every file in it."""
    make_city_series(city)
    EventFactory(local_government=city.lg, package_key="seminar-1")
    HousingRulesFactory(local_government=city.lg)
    PublicHousingRoundFactory(local_government=city.lg)
    HousingProviderFactory(local_government=city.lg, is_fictional=False)
    folder = tmp_path_factory.mktemp("package") / "testcity"
    call_command("export_plan", str(folder), "--local-government", "testcity", stdout=None)
    # The test city's code has no check digit (999991); the package names a body of its own,
    # so that a clean load creates it and the next ones update it.
    meta = folder / "package.yaml"
    text = meta.read_text(encoding="utf-8")
    assert "999991" in text and "testcity" in text
    meta.write_text(
        text.replace("999991", "999997").replace("testcity", "propertycity"), encoding="utf-8"
    )
    contents = read_package_sections(folder)
    assert not contents.errors, contents.errors
    assert {"statistics", "employment", "housing"} <= {
        path.parts[len(folder.parts)] for path in folder.rglob("*") if path.is_dir()
    }
    files = {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    return folder, files


@given(data=st.data())
def test_any_plan_package_is_loaded_or_refused_with_problems(city, city_package, data):
    source, files = city_package
    change = data.draw(mutated_folder(files), label="change")
    with changed_copy(source, change) as folder:
        before = row_counts()
        contents = read_package_sections(folder)
        if contents.errors:
            event("refused when read")
            assert all(str(error).strip() for error in contents.errors)
            assert row_counts() == before, "reading a package wrote something"
            return
        try:
            load_sections(contents, contents.names())
        except invalid_types() as invalid:
            event("refused")
            assert_row_errors(invalid.errors)
            assert row_counts() == before, "a refused package wrote something"
        except ValidationError as error:  # what load_plan and reload_plan report as a refusal
            event("refused")
            assert error.messages
            assert row_counts() == before, "a refused package wrote something"
        else:
            event("loaded")
