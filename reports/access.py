"""What one person may do with a municipality's reports: use the reports page, order which report,
see and download which ones. Built on the rules in `accounts.rules`."""

from functools import cached_property

from django.core.exceptions import PermissionDenied

from accounts.rules import work_school_ids
from reports.models import Report


class ReportAccess:
    def __init__(self, user, municipality):
        self.user, self.municipality = user, municipality

    @cached_property
    def may_use(self):
        """Staff and viewers; a coordinator of one of the municipality's schools, for their schools' reports."""
        return self.user.has_perm("tum.use_reports", self.municipality)

    @cached_property
    def every_report(self):
        """May order every kind of report and see every report of the municipality."""
        return self.user.has_perm("tum.download_reports", self.municipality)

    @cached_property
    def school_ids(self):
        """The schools whose school reports `user` may order and see: None for every school."""
        return None if self.every_report else work_school_ids(self.user, self.municipality)

    def may_order(self, kind, school=None):
        target = school if kind == Report.Kind.SCHOOL else self.municipality
        if school is not None and school.municipality_id != self.municipality.pk:
            return False
        return target is not None and self.user.has_perm("tum.download_reports", target)

    def check_use(self):
        if not self.may_use:
            raise PermissionDenied

    def check_order(self, kind, school=None):
        if not self.may_order(kind, school):
            raise PermissionDenied

    def visible(self, reports):
        """`reports` (of this municipality) narrowed to those `user` may see and download."""
        if self.school_ids is None:
            return reports
        return reports.filter(kind=Report.Kind.SCHOOL, school__in=self.school_ids)


def report_access(user, municipality):
    return ReportAccess(user, municipality)
