"""The shapes of the API's answers (and of its OpenAPI schema). Money is a decimal string, exact to the cent;
an amount the plan does not give is null, never zero."""

import datetime

from ninja import Schema


class Municipality(Schema):
    id: int
    code: str
    name: str
    published: bool


class MunicipalityPage(Schema):
    items: list[Municipality]
    next_cursor: str | None


class Objective(Schema):
    id: int
    code: str
    title: str


class Goal(Schema):
    id: int
    number: str
    title: str
    objectives: list[Objective]


class PlanVersion(Schema):
    version: int
    changed_at: datetime.datetime


class Money(Schema):
    amount: str | None
    vat: str | None


class Plan(Schema):
    id: int
    municipality: str
    title: str
    programme: str
    starts_on: datetime.date
    ends_on: datetime.date
    indirect_rate: str
    declared_direct: Money
    declared_indirect: Money
    declared_total: Money
    versions: list[PlanVersion]
    goals: list[Goal]


class ActivitySchool(Schema):
    school: str
    role: str
    programme_year: int | None


class BudgetLine(Schema):
    id: int
    school: str | None
    amount: str
    vat: str | None


class Activity(Schema):
    id: int
    number: str
    parent_id: int | None
    title: str
    description: str
    period_text: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    areas: list[str]
    category: int | None
    objectives: list[str]
    indicators: list[int]
    schools: list[ActivitySchool]
    budget_lines: list[BudgetLine]


class ActivityPage(Schema):
    items: list[Activity]
    next_cursor: str | None


class Baseline(Schema):
    value: str
    school_year: str


class IndicatorValue(Schema):
    period: str
    school: str
    value: str


class Indicator(Schema):
    id: int
    number: str
    name: str
    kind: str
    unit: str
    baselines: list[Baseline]
    target: str
    target_qualifier: str
    higher_is_better: bool
    approved_values: list[IndicatorValue]


class IndicatorPage(Schema):
    items: list[Indicator]
    next_cursor: str | None


class ExecutionRow(Schema):
    key: str
    label: str
    planned_amount: str
    planned_vat: str | None
    pipeline_amount: str
    pipeline_vat: str
    committed_amount: str
    committed_vat: str
    paid_amount: str
    paid_vat: str
    vat_missing: int


class Execution(Schema):
    by: str
    period: str
    start: datetime.date
    end: datetime.date
    rows: list[ExecutionRow]
    total: ExecutionRow
    indirect: ExecutionRow
    in_period_total: ExecutionRow | None


class NetworkingPeriod(Schema):
    period: str
    events: int
    participants: int
    by_form: dict[str, int]


class Networking(Schema):
    periods: list[NetworkingPeriod]
    events: int
    participants: int


class SchoolCompleteness(Schema):
    school: str
    activities_due: int
    activities_submitted: int
    activities_approved: int
    indicators_due: int
    indicators_submitted: int
    percent: int


class Completeness(Schema):
    period: str
    deadline: datetime.date
    schools: list[SchoolCompleteness]


class Report(Schema):
    id: int
    kind: str
    period: str
    school: str | None
    format: str
    finished_at: datetime.datetime | None
    data_as_of: datetime.datetime | None
    file_size: int | None
    file_checksum: str
    download: str


class ReportPage(Schema):
    items: list[Report]
    next_cursor: str | None


class ErrorMessage(Schema):
    lt: str
    en: str


class ErrorDetail(Schema):
    code: str
    message: ErrorMessage


class Error(Schema):
    error: ErrorDetail
