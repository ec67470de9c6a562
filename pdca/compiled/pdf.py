"""The PDF of a compiled progress report (see pdca.compiled.compile), printed by WeasyPrint
from an HTML template: cover, summary with a bar chart drawn in inline SVG, a section per
pillar, the indicator table and the sections other parts add (pdca.compiled.sections), on A4
with page numbers and the Japanese font embedded."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.template.loader import render_to_string

from pdca.compiled.data import CompiledReport

# WeasyPrint logs every page it lays out at INFO ("Step 5 - Creating layout - Page 43"): sixty
# lines per report in the server's log otherwise.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

LABEL_WIDTH = 64  # the pillar labels left of the bars
BAR_AREA = 440  # the largest pillar's bar
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass
class BarSegment:
    label: str
    count: int
    colour: str
    x: float
    width: float

    @property
    def text_x(self) -> float:
        return self.x + self.width / 2

    @property
    def shows_count(self) -> bool:
        return self.width >= 18  # room for the number inside


@dataclass
class Bar:
    label: str
    total: int
    y: float
    segments: list[BarSegment]
    end: float

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2 + 4

    @property
    def total_x(self) -> float:
        return self.end + 6


@dataclass
class BarChart:
    bars: list[Bar]
    width: float
    height: float
    bar_height: float = BAR_HEIGHT
    label_width: float = LABEL_WIDTH


def evaluation_chart(data: CompiledReport) -> BarChart:
    """The geometry of a stacked bar per pillar of the evaluation distribution, for an inline
    SVG (WeasyPrint runs no JavaScript): the bars share one scale, the largest pillar's."""
    largest = max((pillar.report_count for pillar in data.pillars), default=0) or 1
    bars = []
    for index, pillar in enumerate(data.pillars):
        x, segments = float(LABEL_WIDTH), []
        for column in data.evaluation_columns:
            count = pillar.evaluation_counts[column.key]
            if count:
                size = BAR_AREA * count / largest
                segments.append(BarSegment(column.label, count, column.colour, x, size))
                x += size
        bars.append(Bar(pillar.label, pillar.report_count, index * ROW_HEIGHT + 4, segments, x))
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + 40, len(bars) * ROW_HEIGHT + 8)


def report_html(data: CompiledReport) -> str:
    """The print HTML the PDF is made from."""
    return render_to_string(
        "pdca/compiled/report_pdf.html", {"report": data, "chart": evaluation_chart(data)}
    )


def pdf_bytes(data: CompiledReport) -> bytes:
    """Return the report as an A4 PDF (cover, summary with a chart, pillar sections, indicators)
    with the Japanese font embedded."""
    from weasyprint import HTML  # slow to import: only where a PDF is made

    return HTML(string=report_html(data)).write_pdf()
