"""Template filters of the help portal: やさしい日本語 with furigana when the visitor asked
for it (display.yasashii), plain text otherwise."""

from django import template
from django.utils.html import conditional_escape

from directory.portal import jargon, plain

register = template.Library()


@register.filter
def easy(text, display):
    """The text with furigana over its kanji in やさしい日本語 mode, else as it is (escaped)."""
    if display is not None and getattr(display, "yasashii", False):
        return plain.ruby_html(str(text))
    return conditional_escape(text)


@register.filter
def ruby(text):
    """The text with furigana over its kanji."""
    return plain.ruby_html(str(text or ""))


@register.filter
def plain_sentences(service):
    """The short sentences of a service in やさしい日本語 mode."""
    return plain.plain_sentences(service)


@register.filter
def term_label(term, display):
    """A taxonomy term's name, or its やさしい日本語 label in that mode."""
    if display is not None and getattr(display, "yasashii", False):
        return term.plain_name or plain.ruby_html(term.name)
    return term.name


@register.filter
def hours_lines(card, display):
    """A service's opening hours, with the days spelled out in やさしい日本語 mode."""
    if display is not None and getattr(display, "yasashii", False):
        return card.plain_hours
    return card.hours


@register.filter
def plainly(text):
    """The text with jargon said plainly first: 出たあと住むところ（帰住先） (directory.portal.jargon).
    Plain text out: escape it after (easy, ruby, paragraphs)."""
    return jargon.plainly(text)
