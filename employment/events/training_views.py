"""Training courses at /staff/employment/training/ (the secretariat only): the course, its
numbered sessions, the people enrolled, attendance per session (a grid of checkboxes that
works without JS), completion, certification and hires after the course.

Views only parse input, fetch through employment.events.selectors, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import roles_required
from core.roles import Role
from core.tenancy import staff_local_government
from core.wareki import fiscal_year_label, fiscal_year_of
from core.web.exports import csv_response, export
from core.web.forms import add_service_errors
from core.web.listing import query_without, sort_links
from core.web.params import MAX_ID, parse_int
from employment.events import selectors
from employment.events import training_services as services
from employment.events.counts import course_counts, fiscal_years_with_records
from employment.events.forms import (
    CourseFilterForm,
    CourseForm,
    EnrollForm,
    EnrollmentForm,
    HireForm,
    SessionForm,
    SessionsForm,
)
from employment.models import JobSeeker

PAGE_SIZE = 50


def _post_only(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def _form_page(request, template, context, form):
    return render(request, template, {**context, "form": form}, status=400 if form.errors else 200)


# --- the list --------------------------------------------------------------------------------


def _courses(request):
    local_government = staff_local_government(request)
    form = CourseFilterForm(request.GET or None, years=fiscal_years_with_records(local_government))
    sort = request.GET.get("sort", "-starts_on")
    courses = selectors.course_list(request.user, fiscal_year=form.fiscal_year(), sort=sort)
    return form, sort, courses


@roles_required(Role.SECRETARIAT)
def index(request):
    form, sort, courses = _courses(request)
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/training/index.html",
        {
            "form": form,
            "page": page,
            "rows": [(course, course_counts(course)) for course in page.object_list],
            "query": query_without(request),
            "sort_links": sort_links(
                request, sort, {"starts_on": ("-starts_on", "starts_on"), "title": ("title", None)}
            ),
            "filtered": form.fiscal_year() is not None,
        },
    )


@export("csv")
@roles_required(Role.SECRETARIAT)
def courses_csv(request):
    _form, _sort, courses = _courses(request)
    header = [
        _("講座名"),
        _("実施機関"),
        _("取得できる資格"),
        _("開始日"),
        _("終了日"),
        _("年度"),
        _("予定回数"),
        _("実施回数"),
        _("受講者数"),
        _("出席率"),
        _("修了者数"),
        _("資格取得者数"),
        _("就職者数"),
        _("個別の記録"),
        _("備考・出典"),
    ]
    rows = []
    for course in courses:
        counts = course_counts(course)
        rate = counts.attendance_rate
        rows.append(
            [
                course.title,
                course.provider,
                course.certification,
                course.starts_on.isoformat(),
                course.ends_on.isoformat() if course.ends_on else "",
                fiscal_year_label(fiscal_year_of(course.starts_on)),
                course.planned_sessions,
                counts.sessions,
                counts.participants,
                f"{rate * 100:.1f}%" if rate is not None else "",
                counts.completed,
                counts.certified,
                counts.hires,
                _("なし（報告された数）") if counts.is_reported else _("あり"),
                course.note,
            ]
        )
    return csv_response([header, *rows], "employment-training-courses.csv")


# --- one course ------------------------------------------------------------------------------


def _attendance_grid(sessions, enrollments, today):
    """Rows of (enrollment, [(session, attended, can_mark)], attended count)."""
    rows = []
    for enrollment in enrollments:
        attended = {s.pk for s in enrollment.attended_sessions.all()}
        cells = [(s, s.pk in attended, s.held_on <= today) for s in sessions]
        rows.append((enrollment, cells, len(attended)))
    return rows


@roles_required(Role.SECRETARIAT)
def detail(request, pk: int):
    course = selectors.course_for(request.user, pk)
    today = timezone.localdate()
    sessions = selectors.course_sessions(course)
    enrollments = selectors.course_enrollments(course)
    return render(
        request,
        "employment/training/detail.html",
        {
            "course": course,
            "counts": course_counts(course),
            "sessions": sessions,
            "held_sessions": sum(1 for s in sessions if s.held_on <= today),
            "grid": _attendance_grid(sessions, enrollments, today),
            "hires": selectors.course_hires(course),
            "enroll_form": EnrollForm(local_government=course.local_government),
        },
    )


@roles_required(Role.SECRETARIAT)
def create(request):
    local_government = staff_local_government(request)
    form = CourseForm(request.POST or None, initial={"planned_sessions": 1})
    if request.method == "POST" and form.is_valid():
        try:
            course = services.course_create(
                actor=request.user, local_government=local_government, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("講座「%(title)s」を登録しました。") % {"title": course.title}
            )
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/course_form.html",
        {"title": _("講座の登録"), "course": None},
        form,
    )


@roles_required(Role.SECRETARIAT)
def edit(request, pk: int):
    course = selectors.course_for(request.user, pk)
    form = CourseForm(request.POST or None, initial=CourseForm.initial_for(course))
    if request.method == "POST" and form.is_valid():
        try:
            services.course_update(actor=request.user, course=course, values=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("講座の情報を更新しました。"))
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/course_form.html",
        {"title": _("講座の情報の編集"), "course": course},
        form,
    )


# --- sessions --------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def sessions_add(request, pk: int):
    course = selectors.course_for(request.user, pk)
    form = SessionsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.sessions_add(
                actor=request.user, course=course, days=form.cleaned_data["dates"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(n)s回分を追加しました。") % {"n": len(added)})
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/simple_form.html",
        {
            "course": course,
            "title": _("講座の回を追加する"),
            "submit": _("追加する"),
            "intro": _("回の番号は、いまある最後の回の続きから日付の順に振られます。"),
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def session_edit(request, pk: int):
    session = selectors.session_for(request.user, pk)
    course = session.course
    form = SessionForm(request.POST or None, initial={"held_on": session.held_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(
                actor=request.user, session=session, held_on=form.cleaned_data["held_on"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("第%(n)s回の実施日を変更しました。") % {"n": session.number}
            )
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/simple_form.html",
        {
            "course": course,
            "title": _("第%(n)s回の実施日") % {"n": session.number},
            "submit": _("保存する"),
            "delete_session": session,
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def session_delete(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    session = selectors.session_for(request.user, pk)
    course_pk = session.course_id
    try:
        services.session_delete(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("第%(n)s回を削除しました。") % {"n": session.number})
    return redirect("training:detail", pk=course_pk)


# --- enrollments and attendance --------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def enroll(request, pk: int):
    course = selectors.course_for(request.user, pk)
    form = EnrollForm(request.POST or None, local_government=course.local_government)
    if request.method == "POST" and form.is_valid():
        seeker = form.cleaned_data["code"]
        try:
            services.enrollment_add(actor=request.user, course=course, seeker=seeker)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("求職者 %(code)s を受講者に登録しました。") % {"code": seeker.code}
            )
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/simple_form.html",
        {
            "course": course,
            "title": _("受講者を登録する"),
            "submit": _("受講者に登録する"),
            "intro": _("受講者は求職者番号で登録します（氏名は入力しません）。"),
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def enrollment_edit(request, pk: int):
    enrollment = selectors.enrollment_for(request.user, pk)
    course = enrollment.course
    form = EnrollmentForm(
        request.POST or None,
        initial={"completed": enrollment.completed, "certified_on": enrollment.certified_on},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrollment_update(
                actor=request.user,
                enrollment=enrollment,
                completed=form.cleaned_data["completed"],
                certified_on=form.cleaned_data["certified_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("求職者 %(code)s の修了・資格取得を保存しました。")
                % {"code": enrollment.seeker.code},
            )
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/simple_form.html",
        {
            "course": course,
            "title": _("修了・資格取得（求職者 %(code)s）") % {"code": enrollment.seeker.code},
            "submit": _("保存する"),
            "remove_enrollment": enrollment,
        },
        form,
    )


@roles_required(Role.SECRETARIAT)
def enrollment_remove(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    enrollment = selectors.enrollment_for(request.user, pk)
    course_pk, code = enrollment.course_id, enrollment.seeker.code
    try:
        services.enrollment_remove(actor=request.user, enrollment=enrollment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:enrollment_edit", pk=enrollment.pk)
    messages.success(request, _("求職者 %(code)s を受講者から外しました。") % {"code": code})
    return redirect("training:detail", pk=course_pk)


def _marks(values: list[str]) -> set[tuple[int, int]]:
    """Checkbox values "<enrollment id>-<session id>"; anything else is ignored."""
    marks = set()
    for value in values:
        first, _sep, second = value.partition("-")
        enrollment = parse_int(first, minimum=1, maximum=MAX_ID)
        session = parse_int(second, minimum=1, maximum=MAX_ID)
        if enrollment is not None and session is not None:
            marks.add((enrollment, session))
    return marks


@roles_required(Role.SECRETARIAT)
def attendance(request, pk: int):
    if (refused := _post_only(request)) is not None:
        return refused
    course = selectors.course_for(request.user, pk)
    try:
        changed = services.attendance_save(
            actor=request.user, course=course, marks=_marks(request.POST.getlist("attended"))
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("出席を保存しました（%(n)s件を変更）。") % {"n": changed})
    return redirect("training:detail", pk=course.pk)


# --- hires -----------------------------------------------------------------------------------


@roles_required(Role.SECRETARIAT)
def hire_create(request, pk: int):
    course = selectors.course_for(request.user, pk)
    form = HireForm(
        request.POST or None,
        seekers=JobSeeker.objects.filter(enrollments__course=course).order_by("code"),
        employers=selectors.approved_employers(course.local_government),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.course_hire_record(
                actor=request.user,
                course=course,
                seeker=data["seeker"],
                employer=data["employer"],
                started_on=data["started_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("就職を記録しました。"))
            return redirect("training:detail", pk=course.pk)
    return _form_page(
        request,
        "employment/training/simple_form.html",
        {
            "course": course,
            "title": _("講座の後の就職を記録する"),
            "submit": _("就職を記録する"),
            "intro": _("受講者が協力雇用主に就職したときに記録します。"),
        },
        form,
    )
