"""The conversation on a school's item, shown on the item's page to those who may read it."""

from django import template

from front.forms.reporting import CommentForm
from reporting.access import item_access
from reporting.selectors import item_comments

register = template.Library()


@register.inclusion_tag("reporting/item_thread.html", takes_context=True)
def item_thread(context, item, kind):
    user = context["user"]
    may_read = item is not None and item_access(user, item).may_read
    return {
        "item": item,
        "kind": kind,
        "municipality": context.get("municipality"),
        "may_read": may_read,
        "comments": item_comments(item) if may_read else [],
        "comment_form": CommentForm(prefix="comment"),
        "csrf_token": context.get("csrf_token"),
        "user": user,
    }
