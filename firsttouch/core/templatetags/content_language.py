"""``{% guidance_language_note "baby_red_flags.toml" %}``: a small line saying guidance from a
content file is shown in its own language (English) when the page is in another.

Clinical text is not translated with the interface (decision 0022); the note says so once,
in the page's language, and nothing when the two agree.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info, gettext

from firsttouch.core.content import ContentError, language_of

register = template.Library()


@register.simple_tag
def guidance_language_note(relative: str) -> SafeString:
    try:
        language = language_of("".join(relative))
    except ContentError:
        return SafeString("")
    active = (get_language() or "en").split("-")[0]
    if active == language:
        return SafeString("")
    name = get_language_info(language)["name_translated"]
    return format_html(
        '<p class="small muted guidance-language">{}</p>',
        gettext("Guidance shown in %(language)s.") % {"language": name},
    )
