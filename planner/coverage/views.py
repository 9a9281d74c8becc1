"""The coverage report: matrices, reach, gaps with actions, trend, and CSV exports."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, g, render_template, request, url_for
from flask_babel import gettext as _

from planner.core.downloads import ascii_filename
from planner.core.localtime import local_today, utcnow, zone_of
from planner.coverage import csv_export, gaps, periods, services
from planner.coverage.forms import PERIOD_LABELS, STATUS_LABELS, CoverageForm
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.strategy.models import REACH_LABELS

bp = tenant_blueprint("coverage", __name__, url_prefix="/coverage")

#: The CSV lists of overdue publications and waiting posts hold up to this many.
CSV_LIST_LIMIT = 1000


@dataclass
class ReportRequest:
    form: CoverageForm
    period: periods.ReportPeriod
    status: str
    strategic: services.Strategic

    def query_args(self) -> dict:
        """The period and status as query arguments, for links and exports."""
        args = {"period": self.period.kind, "status": self.status}
        if self.period.kind == periods.CUSTOM:
            args.update(start=self.period.first.isoformat(), end=self.period.last.isoformat())
        return args


def _report_request() -> ReportRequest:
    """Read the period and status from the URL; anything invalid falls back to the default."""
    strategic = services.strategic(g.municipality)
    form = CoverageForm(formdata=request.args)
    form.set_period_choices(has_strategy=strategic.strategy is not None)
    valid = form.validate()
    kind = (form.period.data or periods.DEFAULT_KIND) if valid else periods.DEFAULT_KIND
    period = periods.resolve(
        kind,
        local_today(zone_of(g.municipality)),
        strategy_period=services.strategy_period(strategic.strategy),
        first=form.start.data,
        last=form.end.data,
    )
    status = form.status.data if valid and form.status.data in services.STATUS_CHOICES else None
    return ReportRequest(form, period, status or services.BOTH, strategic)


def _report(wanted: ReportRequest, list_limit: int = services.LIST_LIMIT):
    return services.build_report(
        g.municipality,
        wanted.period,
        wanted.status,
        now=utcnow(),
        review_days=current_app.config["COVERAGE_REVIEW_DAYS"],
        list_limit=list_limit,
        strategic_=wanted.strategic,
    )


@bp.route("/")
@requires(Permission.VIEW)
def index():
    wanted = _report_request()
    report = _report(wanted)
    args = wanted.query_args()
    return render_template(
        "coverage/index.html",
        form=wanted.form,
        report=report,
        args=args,
        here=url_for("coverage.index", **args),
        period_labels=PERIOD_LABELS,
        status_labels=STATUS_LABELS,
        review_days=current_app.config["COVERAGE_REVIEW_DAYS"],
        describe_gap=lambda gap: gaps.describe(gap, report.period.kind),
        gap_subject=gaps.subject_name,
        REACH_LABELS={key.value: label for key, label in REACH_LABELS.items()},
    )


def _csv(content: bytes, name: str, period: periods.ReportPeriod) -> Response:
    filename = f"{ascii_filename(name)}-{period.first.isoformat()}-{period.last.isoformat()}.csv"
    return Response(
        content,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/goals-channels.csv")
@requires(Permission.VIEW)
def goals_channels_csv():
    wanted = _report_request()
    report = _report(wanted)
    content = csv_export.matrix_csv(report.channels, lambda channel: channel.name)
    return _csv(content, _("coverage-goals-channels"), wanted.period)


@bp.route("/goals-audiences.csv")
@requires(Permission.VIEW)
def goals_audiences_csv():
    wanted = _report_request()
    report = _report(wanted)
    content = csv_export.matrix_csv(report.audiences, csv_export.audience_label)
    return _csv(content, _("coverage-goals-audiences"), wanted.period)


@bp.route("/gaps.csv")
@requires(Permission.VIEW)
def gaps_csv():
    wanted = _report_request()
    report = _report(wanted, list_limit=CSV_LIST_LIMIT)
    content = csv_export.gaps_csv(report.gap_groups, report.period.kind)
    return _csv(content, _("coverage-gaps"), wanted.period)
