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

from coordination.models import Consent, FieldGroup
from core.fields.choice_masks import from_mask

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PRINT_CSS = "css/coordination-consent-print.css"

# Words of the form and their readings (longest first when marking up).
READINGS = {
    "同意書": "どういしょ",
    "同意": "どうい",
    "組織": "そしき",
    "情報": "じょうほう",
    "名前": "なまえ",
    "生年月日": "せいねんがっぴ",
    "住所": "じゅうしょ",
    "電話番号": "でんわばんごう",
    "連絡先": "れんらくさき",
    "裁判": "さいばん",
    "保護観察": "ほごかんさつ",
    "事件": "じけん",
    "病気": "びょうき",
    "障がい": "しょうがい",
    "健康": "けんこう",
    "支援": "しえん",
    "計画": "けいかく",
    "目的": "もくてき",
    "期間": "きかん",
    "見る": "みる",
    "見て": "みて",
    "使う": "つかう",
    "使います": "つかいます",
    "取り消す": "とりけす",
    "取り消し": "とりけし",
    "伝えて": "つたえて",
    "伝える": "つたえる",
    "担当": "たんとう",
    "番号": "ばんごう",
    "日付": "ひづけ",
    "署名": "しょめい",
    "本人": "ほんにん",
    "説明": "せつめい",
    "職員": "しょくいん",
    "今": "いま",
    "下": "した",
    "次": "つぎ",
    "相談": "そうだん",
    "仕事": "しごと",
    "住": "す",
    "何の": "なんの",
    "時": "とき",
    "人": "ひと",
    "内容": "ないよう",
    "以外": "いがい",
    "受けた": "うけた",
    "書いて": "かいて",
    "書く": "かく",
    "分かりました": "わかりました",
    "聞きました": "ききました",
    "止めます": "とめます",
}
_WORDS = re.compile("|".join(re.escape(word) for word in sorted(READINGS, key=len, reverse=True)))

# Each field group in plain words (what the organization will see).
GROUP_WORDS = {
    FieldGroup.BASIC: "名前、生年月日、住んでいる区",
    FieldGroup.CONTACT: "電話番号や住所などの連絡先",
    FieldGroup.LEGAL: "保護観察など今の立場と、事件や裁判のこと",
    FieldGroup.HEALTH: "病気や障がいなど健康のこと",
    FieldGroup.PLAN: "支援の計画と、相談や支援の内容",
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
    return f"{value.year}年{value.month}月{value.day}日"


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
