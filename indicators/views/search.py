"""The search page: the header's search box leads here (``/search/?q=``)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.selectors.search import search
from plans.inputs import BadInput
from plans.permissions import can_browse_plan
from plans.search import MAX_QUERY


def search_page(request):
    """Results grouped by kind, each linking to its page; 404 for a user without a role."""
    if not can_browse_plan(request.user):
        raise Http404
    query = request.GET.get("q", "")
    if len(query) > MAX_QUERY:
        raise BadInput(
            _("A search can be at most %(count)s characters long.") % {"count": MAX_QUERY}
        )
    return render(request, "indicators/search.html", {"results": search(request.user, query)})
