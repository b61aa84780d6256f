"""The home page: the editors' arrangement (curation.home), what the channels air now."""

from django.http import HttpRequest, HttpResponse

from core.caching.shell import render_in_shell
from curation.home import compose_home
from live.selectors import on_air_block


def home(request: HttpRequest) -> HttpResponse:
    """Lead and highlights, what the channels air now, the latest news, then every section."""
    content = compose_home()
    return render_in_shell(request, "frontpage/home.html", {
        "lead": content.lead,
        "row": content.row,
        "latest": content.latest,
        "section_blocks": content.section_blocks,
        # What each channel airs now: it changes at slot boundaries, where the page cache
        # and the shared fragments' generation end.
        "on_air": on_air_block(),
    })
