"""What one person may do with a budget line's spending entries: enter one, read, edit or delete one.

Built on `reporting.access` (a spending entry is a reviewed item). A spending entry's period follows
its date, so whether that period is still open is checked when the entry is saved
(`reporting.workflow.check_can_edit`), not on the page.
"""

from functools import cached_property

from reporting.access import NOT_THEIRS, ItemAccess, Refusal

SCHOOL_ENTRIES_OFF = "school_entries_off"


class SpendingAccess(ItemAccess):
    """`user`'s access to `expenditure` on `line`, or to the line's entries in general (expenditure=None)."""

    def __init__(self, user, line, expenditure=None):
        super().__init__(
            user,
            municipality=line.activity.plan.municipality,
            school=expenditure.school if expenditure is not None else line.school,
            period=expenditure.period if expenditure is not None else None,
            item=expenditure,
            published_readable=True,
        )
        self.line = line

    @cached_property
    def enter_refusal(self):
        """Staff always; a coordinator only for their own school's lines, when the plan allows it."""
        if self.manages:
            return None
        if not self.line.activity.plan.school_spending_entries:
            return Refusal(SCHOOL_ENTRIES_OFF)
        if not (self.line.school_id and self.user.has_perm("tum.edit_school_work", self.line.school)):
            return Refusal(NOT_THEIRS)
        return None

    @property
    def may_enter(self):
        return self.enter_refusal is None

    @cached_property
    def edit_refusal(self):
        """Staff may change any entry (the save refuses a school's entry under review); a coordinator
        may change or delete their school's entry while it is a draft or returned."""
        if self.enter_refusal or self.item is None or self.manages or self.item.is_editable:
            return self.enter_refusal
        return self.locked_refusal()

    def check_enter(self):
        if self.enter_refusal:
            raise self.enter_refusal.error()


def spending_access(user, line, expenditure=None):
    return SpendingAccess(user, line, expenditure)
