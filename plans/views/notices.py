"""The notices page: the signed-in user's in-app notices, each linking to the page to act
on, and marking them read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from plans.inputs import parse_id
from plans.models import Notice
from plans.selectors import notices_of
from plans.services.notices import notice_read, notices_read_all


def notices_page(request):
    """GET: the list, unread first marked. POST ``read`` (an id): mark one read and go to
    its page; POST ``all``: mark every one read. Only the user's own notices exist here:
    another user's id answers 404."""
    if not request.user.is_authenticated:
        raise Http404
    if request.method == "POST":
        if "all" in request.POST:
            notices_read_all(by=request.user)
            messages.success(request, _("Every notice was marked read."))
            return redirect("notices")
        pk = parse_id(request.POST.get("read"), name="read")
        notice = get_object_or_404(Notice, pk=pk, user=request.user)
        notice_read(notice=notice, by=request.user)
        if notice.link and url_has_allowed_host_and_scheme(notice.link, allowed_hosts=None):
            return redirect(notice.link)
        return redirect("notices")
    return render(request, "plans/notices.html", {"notices": notices_of(request.user)})
