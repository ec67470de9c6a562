"""The printable consent form (同意書): an A4 PDF in やさしい日本語 with readings (<ruby>) over
the kanji, listing exactly which organizations may see which groups (each group said in plain
words), the purpose, the validity, how to withdraw, and the signature lines. Printed by
WeasyPrint with the Japanese font (Noto Sans CJK JP) embedded, as pdca.compiled.pdf and
employment.magazine.pdf do; the rules come from a static stylesheet given to WeasyPrint, so
the template holds no <style>.

Readings: the fixed text is written with the words of READINGS, which `ruby` marks up; the
names of organizations and the purpose are printed as written (their readings are not known)."""

from __future__ import annotations

import logging
import re

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coordination.models import Consent, FieldGroup
from core.fields.choice_masks import from_mask

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = "css/coordination-consent-print.css"

# Words of the form and their readings (longest first when marking up): data, not messages.
READINGS = {
    "同意書": "どういしょ",  # i18n-data
    "同意": "どうい",  # i18n-data
    "組織": "そしき",  # i18n-data
    "情報": "じょうほう",  # i18n-data
    "名前": "なまえ",  # i18n-data
    "生年月日": "せいねんがっぴ",  # i18n-data
    "住所": "じゅうしょ",  # i18n-data
    "電話番号": "でんわばんごう",  # i18n-data
    "連絡先": "れんらくさき",  # i18n-data
    "裁判": "さいばん",  # i18n-data
    "保護観察": "ほごかんさつ",  # i18n-data
    "事件": "じけん",  # i18n-data
    "病気": "びょうき",  # i18n-data
    "障がい": "しょうがい",  # i18n-data
    "健康": "けんこう",  # i18n-data
    "支援": "しえん",  # i18n-data
    "計画": "けいかく",  # i18n-data
    "目的": "もくてき",  # i18n-data
    "期間": "きかん",  # i18n-data
    "見る": "みる",  # i18n-data
    "見て": "みて",  # i18n-data
    "使う": "つかう",  # i18n-data
    "使います": "つかいます",  # i18n-data
    "取り消す": "とりけす",  # i18n-data
    "取り消し": "とりけし",  # i18n-data
    "伝えて": "つたえて",  # i18n-data
    "伝える": "つたえる",  # i18n-data
    "担当": "たんとう",  # i18n-data
    "番号": "ばんごう",  # i18n-data
    "日付": "ひづけ",  # i18n-data
    "署名": "しょめい",  # i18n-data
    "本人": "ほんにん",  # i18n-data
    "説明": "せつめい",  # i18n-data
    "職員": "しょくいん",  # i18n-data
    "今": "いま",  # i18n-data
    "下": "した",  # i18n-data
    "次": "つぎ",  # i18n-data
    "相談": "そうだん",  # i18n-data
    "仕事": "しごと",  # i18n-data
    "住": "す",  # i18n-data
    "何の": "なんの",  # i18n-data
    "時": "とき",  # i18n-data
    "人": "ひと",  # i18n-data
    "内容": "ないよう",  # i18n-data
    "以外": "いがい",  # i18n-data
    "受けた": "うけた",  # i18n-data
    "書いて": "かいて",  # i18n-data
    "書く": "かく",  # i18n-data
    "分かりました": "わかりました",  # i18n-data
    "聞きました": "ききました",  # i18n-data
    "止めます": "とめます",  # i18n-data
}
_WORDS = re.compile("|".join(re.escape(word) for word in sorted(READINGS, key=len, reverse=True)))

# Each field group in plain words (what the organization will see).
GROUP_WORDS = {
    FieldGroup.BASIC: gettext_lazy("名前、生年月日、住んでいる区"),
    FieldGroup.CONTACT: gettext_lazy("電話番号や住所などの連絡先"),
    FieldGroup.LEGAL: gettext_lazy("保護観察など今の立場と、事件や裁判のこと"),
    FieldGroup.HEALTH: gettext_lazy("病気や障がいなど健康のこと"),
    FieldGroup.PLAN: gettext_lazy("支援の計画と、相談や支援の内容"),
}


def ruby(text: str) -> SafeString:
    """`text` escaped, with <ruby> readings over the words of READINGS."""
    escaped = str(escape(text))
    return mark_safe(  # noqa: S308 - built from escaped text and our own readings
        _WORDS.sub(
            lambda match: f"<ruby>{match.group(0)}<rt>{READINGS[match.group(0)]}</rt></ruby>",
            escaped,
        )
    )


def _date(value) -> str:
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }


def consent_html(consent: Consent) -> str:
    case = consent.case
    scopes = sorted(
        consent.scopes.select_related("organization"), key=lambda s: s.organization.name
    )
    shares = [
        {
            "organization": scope.organization.name,
            "groups": [
                {"label": FieldGroup(group).label, "words": ruby(GROUP_WORDS[FieldGroup(group)])}
                for group in from_mask(FieldGroup, scope.groups)
            ],
        }
        for scope in scopes
    ]
    return render_to_string(
        "coordination/consents/print.html",
        {
            "consent": consent,
            "case": case,
            "lead": case.lead_organization.name,
            "shares": shares,
            "ruby": {
                "title": ruby(_("支援のための情報を見ることへの同意書")),
                "purpose_heading": ruby(_("何のために使うか（目的）")),
                "shares_heading": ruby(_("どの組織が、どの情報を見るか")),
                "shares_intro": ruby(
                    _("下の組織だけが、書いてある情報だけを見ます。ほかの人には見せません。")
                ),
                "lead_only": ruby(_("担当の組織だけが使います。ほかの組織には見せません。")),
                "period_heading": ruby(_("同意の期間")),
                "period": ruby(
                    _("%(start)s から %(end)s まで")
                    % {"start": _date(consent.valid_from), "end": _date(consent.valid_until)}
                ),
                "withdraw_heading": ruby(_("同意を取り消すとき")),
                "withdraw": ruby(
                    _(
                        "いつでも取り消すことができます。担当の組織（%(lead)s）の職員に伝えて"
                        "ください。伝えた時から、ほかの組織は情報を見ることができなくなります。"
                        "取り消しても、あなたが困ることはありません。"
                    )
                    % {"lead": case.lead_organization.name}
                ),
                "agree": ruby(
                    _("わたしは、上の説明を聞きました。内容が分かりました。同意します。")
                ),
                "date_line": ruby(_("日付")),
                "name_line": ruby(_("本人の署名")),
                "staff_line": ruby(_("説明した職員")),
                "number": ruby(_("番号")),
                "lead_heading": ruby(_("担当の組織")),
                "organization_column": ruby(_("組織")),
                "groups_column": ruby(_("見る情報")),
            },
        },
    )


def consent_pdf(consent: Consent) -> bytes:
    """The consent form as an A4 PDF with the Japanese font embedded."""
    from weasyprint import CSS, HTML  # slow to import: only where a PDF is made

    stylesheet = CSS(filename=finders.find(PRINT_CSS))
    return HTML(string=consent_html(consent)).write_pdf(stylesheets=[stylesheet])
