"""The statistics as an open-data resource (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from core.opendata import Field, Resource, register
from stats.selectors import export_rows

FIELDS = (
    "series",
    "series_name",
    "area",
    "period_kind",
    "period",
    "breakdown_kind",
    "breakdown",
    "value",
    "unit",
    "source",
    "derived",
)


def _statistics_rows(local_government):
    for row in export_rows(local_government):
        yield {name: row[name] for name in FIELDS}


register(
    Resource(
        name="statistics",
        title=_("統計"),
        fields=(
            Field("series", "string", _("統計系列のキー"), required=True),
            Field("series_name", "string", _("統計名"), required=True),
            Field("area", "string", _("地域（例: 熊本市、熊本県、全国）"), required=True),
            Field(
                "period_kind",
                "string",
                _("calendar_year（暦年）または fiscal_year（年度）"),
                required=True,
            ),
            Field("period", "integer", _("西暦の年（年度は始まりの年）"), required=True),
            Field("breakdown_kind", "string", _("内訳の種類（総数は空欄）")),
            Field("breakdown", "string", _("内訳（総数は空欄）")),
            Field("value", "number", required=True),
            Field("unit", "string", required=True),
            Field(
                "source",
                "string",
                _(
                    "出典（計画の表・グラフの資料。算出値は算出のしかた「derived: 分子 ÷ 分母 × 倍率」も）"
                ),
                required=True,
            ),
            Field(
                "derived",
                "boolean",
                _("true は件数から算出した率（分子 ÷ 分母 × 倍率、小数第1位に四捨五入）"),
                required=True,
            ),
        ),
        rows=_statistics_rows,
    )
)
