"""Pages for programme results: projects, indicators, measurements, CSV import and export."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from planner.audit.lifecycle import archive_and_redirect, delete_page, restore_and_redirect
from planner.core.crud import ConfirmForm, form_page, save_form, show_error
from planner.core.downloads import ascii_filename
from planner.core.errors import DomainError, StaleVersion
from planner.core.extensions import db
from planner.core.inputs import parse_id
from planner.core.uploads import answers_oversized_upload
from planner.municipalities.roles import Permission, requires
from planner.municipalities.tenancy import tenant_blueprint
from planner.results.charts import sparkline
from planner.results.csv_io import CsvImportError, export_measurements, parse_measurements
from planner.results.forms import ImportForm, IndicatorForm, MeasurementForm, ProjectForm
from planner.results.models import Indicator, Project
from planner.results.presentation import describe_series
from planner.results.services import (
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    DuplicateMeasurement,
    IndicatorArchived,
    add_measurement,
    check_open,
    create_indicator,
    create_project,
    delete_measurement,
    get_indicator,
    get_measurement,
    get_project,
    goal_options,
    import_measurements,
    latest_measurement,
    project_options,
    project_summaries,
    results_overview,
    summarise,
    update_indicator,
    update_measurement,
    update_project,
)

bp = tenant_blueprint("results", __name__, url_prefix="/results")


# --- Loading, scoped to the municipality in the URL ---------------------------------------------


def load_project(project_id: int) -> Project | None:
    return get_project(g.municipality, project_id)


def load_indicator(indicator_id: int) -> Indicator | None:
    return get_indicator(g.municipality, indicator_id)


def project_or_404(project_id: int) -> Project:
    return load_project(project_id) or abort(404)


def indicator_or_404(indicator_id: int) -> Indicator:
    return load_indicator(indicator_id) or abort(404)


def indicator_url(indicator: Indicator, anchor: str | None = None) -> str:
    return url_for("results.indicator", indicator_id=indicator.id, _anchor=anchor)


# --- The overview -------------------------------------------------------------------------------


@bp.route("/")
@requires(Permission.VIEW)
def index():
    return render_template("results/index.html", overview=results_overview(g.municipality))


# --- Projects -----------------------------------------------------------------------------------


def _project_name_taken() -> str:
    return _("Another project in %(name)s has this name. Choose another.", name=g.municipality.name)


@bp.route("/projects/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_project():
    form = ProjectForm()
    form.offer_goals(goal_options(g.municipality))
    saved = save_form(
        form,
        lambda values: create_project(g.municipality, values, actor=current_user),
        message=_("The project %(name)s is created.", name=(form.name.data or "").strip()),
        redirect_to=lambda project: url_for("results.project", project_id=project.id),
        not_unique_message=_project_name_taken(),
    )
    return saved or form_page(
        form,
        title=_("New project"),
        action=url_for("results.new_project"),
        submit_label=_("Create project"),
        cancel_url=url_for("results.index"),
        intro=_(
            "A project (tiltak) is a piece of work with a start, perhaps an end, and results you "
            "can measure. Add its indicators afterwards."
        ),
    )


@bp.route("/projects/<int:project_id>")
@requires(Permission.VIEW)
def project(project_id: int):
    project = project_or_404(project_id)
    return render_template(
        "results/project.html",
        project=project,
        indicators=[i for i in project.indicators if not i.archived],
        archived_indicators=[i for i in project.indicators if i.archived],
        summaries=project_summaries(project),
        confirm=ConfirmForm(),
    )


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_project(project_id: int):
    project = project_or_404(project_id)
    form = ProjectForm(obj=project)
    if not form.is_submitted():
        form.goals.data = [goal.id for goal in project.goals]
    form.offer_goals(goal_options(g.municipality, project.goals))
    saved = save_form(
        form,
        lambda values: update_project(
            project,
            values,
            actor=current_user,
            municipality=g.municipality,
            expected_version=form.expected_version(),
        ),
        message=_("The project %(name)s is saved.", name=(form.name.data or "").strip()),
        redirect_to=lambda saved: url_for("results.project", project_id=saved.id),
        not_unique_message=_project_name_taken(),
    )
    return saved or form_page(
        form,
        title=_("Edit %(name)s", name=project.name),
        action=url_for("results.edit_project", project_id=project.id),
        submit_label=_("Save project"),
        cancel_url=url_for("results.project", project_id=project.id),
    )


@bp.post("/projects/<int:project_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def project_archive(project_id: int):
    project = project_or_404(project_id)
    return archive_and_redirect(
        project, "project", label=project.name, back_url=url_for("results.index")
    )


@bp.post("/projects/<int:project_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def project_restore(project_id: int):
    project = project_or_404(project_id)
    return restore_and_redirect(
        project, "project", label=project.name, back_url=url_for("results.index")
    )


@bp.route("/projects/<int:project_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def project_delete(project_id: int):
    project = project_or_404(project_id)
    return delete_page(
        project,
        "project",
        label=project.name,
        back_url=url_for("results.index"),
        audit_fields=PROJECT_FIELDS,
        archive_endpoint="results.project_archive",
        ids={"project_id": project_id},
    )


# --- Indicators ---------------------------------------------------------------------------------


def _indicator_name_taken() -> str:
    return _(
        "Another indicator in %(name)s has this name. Choose another.", name=g.municipality.name
    )


@bp.route("/indicators/new", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def new_indicator():
    chosen = parse_id(request.args.get("project_id"))
    project = load_project(chosen) if chosen else None
    form = IndicatorForm(project_id=project.id if project and not project.archived else None)
    form.offer_projects(project_options(g.municipality))
    form.offer_goals(goal_options(g.municipality))
    saved = save_form(
        form,
        lambda values: create_indicator(g.municipality, values, actor=current_user),
        message=_("The indicator %(name)s is created.", name=(form.name.data or "").strip()),
        redirect_to=lambda indicator: indicator_url(indicator),
        not_unique_message=_indicator_name_taken(),
    )
    cancel = (
        url_for("results.project", project_id=project.id) if project else url_for("results.index")
    )
    return saved or form_page(
        form,
        title=_("New indicator"),
        action=url_for("results.new_indicator", project_id=project.id if project else None),
        submit_label=_("Create indicator"),
        cancel_url=cancel,
        intro=_(
            "An indicator is a number you follow over time, from a baseline towards a target. "
            "Add measurements on its page afterwards, by hand or from a CSV file."
        ),
    )


@bp.route("/indicators/<int:indicator_id>")
@requires(Permission.VIEW)
def indicator(indicator_id: int):
    return render_indicator(indicator_or_404(indicator_id), MeasurementForm())


def render_indicator(indicator: Indicator, form: MeasurementForm, *, duplicate=None):
    summary = summarise(indicator, latest_measurement(indicator.measurements))
    chart = sparkline(
        [(m.measured_on, m.value) for m in indicator.measurements],
        baseline=indicator.baseline_value,
        target=indicator.target_value,
    )
    form.value.label.text = _("Value (%(unit)s)", unit=indicator.unit)
    return render_template(
        "results/indicator.html",
        indicator=indicator,
        summary=summary,
        chart=chart,
        chart_title=_("%(name)s over time", name=indicator.name),
        chart_description=describe_series(indicator, summary) if chart else "",
        form=form,
        duplicate=duplicate,
        confirm=ConfirmForm(),
    )


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def edit_indicator(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    form = IndicatorForm(obj=indicator)
    if not form.is_submitted():
        form.goals.data = [goal.id for goal in indicator.goals]
    form.offer_projects(project_options(g.municipality, indicator.project))
    form.offer_goals(goal_options(g.municipality, indicator.goals))
    saved = save_form(
        form,
        lambda values: update_indicator(
            indicator,
            values,
            actor=current_user,
            municipality=g.municipality,
            expected_version=form.expected_version(),
        ),
        message=_("The indicator %(name)s is saved.", name=(form.name.data or "").strip()),
        redirect_to=indicator_url,
        not_unique_message=_indicator_name_taken(),
    )
    return saved or form_page(
        form,
        title=_("Edit %(name)s", name=indicator.name),
        action=url_for("results.edit_indicator", indicator_id=indicator.id),
        submit_label=_("Save indicator"),
        cancel_url=indicator_url(indicator),
    )


def _indicator_back_url(indicator: Indicator) -> str:
    """Where an indicator is listed: its project's page, or the results overview."""
    if indicator.project_id:
        return url_for("results.project", project_id=indicator.project_id)
    return url_for("results.index")


@bp.post("/indicators/<int:indicator_id>/archive")
@requires(Permission.EDIT_STRATEGY)
def indicator_archive(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    return archive_and_redirect(
        indicator, "indicator", label=indicator.name, back_url=_indicator_back_url(indicator)
    )


@bp.post("/indicators/<int:indicator_id>/restore")
@requires(Permission.EDIT_STRATEGY)
def indicator_restore(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    return restore_and_redirect(
        indicator, "indicator", label=indicator.name, back_url=_indicator_back_url(indicator)
    )


@bp.route("/indicators/<int:indicator_id>/delete", methods=["GET", "POST"])
@requires(Permission.EDIT_STRATEGY)
def indicator_delete(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    return delete_page(
        indicator,
        "indicator",
        label=indicator.name,
        back_url=_indicator_back_url(indicator),
        audit_fields=INDICATOR_FIELDS,
        archive_endpoint="results.indicator_archive",
        ids={"indicator_id": indicator_id},
    )


# --- Measurements -------------------------------------------------------------------------------


def _refuse_if_archived(indicator: Indicator):
    """Archived indicators keep their measurements as they are: send the person back."""
    try:
        check_open(indicator)
    except IndicatorArchived as error:
        flash(str(error), "warning")
        return redirect(indicator_url(indicator))
    return None


@bp.route("/indicators/<int:indicator_id>/measurements", methods=["POST"])
@requires(Permission.ADD_MEASUREMENTS)
def add_measurement_view(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    refused = _refuse_if_archived(indicator)
    if refused:
        return refused
    form = MeasurementForm()
    duplicate = None
    if form.validate_on_submit():
        try:
            measurement = add_measurement(
                indicator, form.values(), actor=current_user, municipality=g.municipality
            )
        except DuplicateMeasurement as error:
            db.session.rollback()
            duplicate = error.existing
            form.measured_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                _(
                    "The measurement of %(date)s is added.",
                    date=format_date(measurement.measured_on, "long"),
                ),
                "success",
            )
            return redirect(indicator_url(indicator, "measurements"))
    return render_indicator(indicator_or_404(indicator_id), form, duplicate=duplicate)


@bp.route(
    "/indicators/<int:indicator_id>/measurements/<int:measurement_id>/edit",
    methods=["GET", "POST"],
)
@requires(Permission.ADD_MEASUREMENTS)
def edit_measurement(indicator_id: int, measurement_id: int):
    indicator = indicator_or_404(indicator_id)
    measurement = get_measurement(indicator, measurement_id) or abort(404)
    refused = _refuse_if_archived(indicator)
    if refused:
        return refused
    form = MeasurementForm(obj=measurement)
    form.value.label.text = _("Value (%(unit)s)", unit=indicator.unit)
    duplicate = None
    if form.validate_on_submit():
        try:
            update_measurement(
                measurement,
                form.values(),
                actor=current_user,
                municipality=g.municipality,
                expected_version=form.expected_version(),
            )
        except StaleVersion as error:
            db.session.rollback()
            form.version.data = str(error.current_version)
            form.refuse_as_conflict()
        except DuplicateMeasurement as error:
            db.session.rollback()
            duplicate = error.existing
            form.measured_on.errors.append(str(error))
        except DomainError as error:  # e.g. VersionMissing: shown above the form
            db.session.rollback()
            show_error(form, error)
        else:
            db.session.commit()
            flash(_("The measurement is saved."), "success")
            return redirect(indicator_url(indicator, "measurements"))
    page = render_template(
        "results/measurement_form.html",
        indicator=indicator,
        measurement=measurement,
        form=form,
        duplicate=duplicate,
    )
    return page, (409 if form.conflict else 200)


@bp.route(
    "/indicators/<int:indicator_id>/measurements/<int:measurement_id>/delete",
    methods=["GET", "POST"],
)
@requires(Permission.ADD_MEASUREMENTS)
def delete_measurement_view(indicator_id: int, measurement_id: int):
    indicator = indicator_or_404(indicator_id)
    measurement = get_measurement(indicator, measurement_id) or abort(404)
    refused = _refuse_if_archived(indicator)
    if refused:
        return refused
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        when = format_date(measurement.measured_on, "long")
        delete_measurement(measurement, actor=current_user, municipality=g.municipality)
        db.session.commit()
        flash(_("The measurement of %(date)s is deleted.", date=when), "success")
        return redirect(indicator_url(indicator, "measurements"))
    return render_template(
        "results/delete_measurement.html", indicator=indicator, measurement=measurement, form=form
    )


@bp.route("/indicators/<int:indicator_id>/import", methods=["GET", "POST"])
@requires(Permission.ADD_MEASUREMENTS)
def import_view(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    refused = _refuse_if_archived(indicator)
    if refused:
        return refused
    form = ImportForm()
    problems = []
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = parse_measurements(upload.read())
        except CsvImportError as error:
            problems = error.problems
        else:
            counts = import_measurements(
                indicator,
                rows,
                actor=current_user,
                municipality=g.municipality,
                source=upload.filename or "",
            )
            db.session.commit()
            flash(
                _(
                    "The file is imported: %(added)s added, %(updated)s updated, "
                    "%(unchanged)s unchanged.",
                    added=counts.added,
                    updated=counts.updated,
                    unchanged=counts.unchanged,
                ),
                "success",
            )
            return redirect(indicator_url(indicator, "measurements"))
    return render_template("results/import.html", indicator=indicator, form=form, problems=problems)


@answers_oversized_upload(bp, "import_view")
def import_too_large(message: str, indicator_id: int):
    """A file over the upload limit: the import form again, the message at its file field."""
    indicator = indicator_or_404(indicator_id)
    refused = _refuse_if_archived(indicator)
    if refused:
        return refused
    form = ImportForm(formdata=None)  # the body is not read: there is nothing to fill it from
    form.file.errors = [message]
    page = render_template("results/import.html", indicator=indicator, form=form, problems=[])
    return page, 413


@bp.route("/indicators/<int:indicator_id>/export.csv")
@requires(Permission.VIEW)
def export_view(indicator_id: int):
    indicator = indicator_or_404(indicator_id)
    return Response(
        export_measurements(indicator.measurements),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{ascii_filename(indicator.name)}.csv"'
        },
    )
