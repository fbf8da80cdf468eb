"""Screens of the register: list, detail, draft form, issue, downloads, attachments, books."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ntm.accounts.models import Organisation
from ntm.accounts.scope import get_visible_or_404
from ntm.core import clock
from ntm.core.concurrency import StaleEdit, save_versioned
from ntm.core.history import history_for
from ntm.core.htmx import render_page
from ntm.core.idempotency import claim, new_token, previous_result, remember
from ntm.core.models import search_q
from ntm.core.serve import serve_upload
from ntm.documents import lifecycle, pdf, permissions, services
from ntm.documents.forms import (
    AttachForm,
    CorrectionForm,
    DraftForm,
    IncomingForm,
    IssueForm,
    RegisterDetailsForm,
)
from ntm.documents.models import (
    Direction,
    Document,
    DocumentAttachment,
    DocumentLocked,
    DocumentType,
    DraftingUnit,
    NumberBook,
)


def _draft_organisations(user: Any) -> Any:
    visible = Organisation.objects.visible_to(user).exclude(abbreviation="").select_related("unit")
    allowed = [org.pk for org in visible if permissions.can_draft(user, org)]
    return Organisation.objects.filter(pk__in=allowed).order_by("order", "name")


def _document(request: HttpRequest, pk: int) -> Document:
    return get_visible_or_404(
        Document.objects.select_related(
            "doc_type", "organisation", "organisation__unit", "drafting_unit", "book", "unit"
        ),
        request.user,
        pk=pk,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Sổ văn bản đi / đến, with the columns of ND30 Phụ lục IV."""
    direction = Direction.INCOMING if request.GET.get("huong") == "den" else Direction.OUTGOING
    query = request.GET.get("q", "")
    year = _int(request.GET.get("nam"))
    book_id = _int(request.GET.get("so"))
    type_id = _int(request.GET.get("loai"))
    documents = (
        Document.objects.visible_to(request.user)
        .filter(direction=direction)
        .select_related("doc_type", "organisation", "drafting_unit")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-year", "-number", "-incoming_number", "-created_at", "-pk")
    )
    if query:
        documents = documents.filter(search_q(query))
    if year:
        documents = documents.filter(Q(year=year) | Q(year__isnull=True, date__year=year))
    if book_id:
        documents = documents.filter(book_id=book_id)
    if type_id:
        documents = documents.filter(doc_type_id=type_id)
    books = NumberBook.objects.visible_to(request.user).filter(direction=direction)
    years = sorted({b.year for b in books}, reverse=True)
    documents = documents.select_related("corrects__doc_type", "in_reply_to").prefetch_related(
        "corrections__doc_type", "replies__doc_type"
    )
    page = Paginator(documents, 50).get_page(request.GET.get("trang"))
    for row in page:
        row.remarks = "; ".join(lifecycle.register_remarks(row))  # type: ignore[attr-defined]
    context = {
        "page": page,
        "q": query,
        "direction": direction,
        "incoming": direction == Direction.INCOMING,
        "books": books.select_related("organisation"),
        "types": DocumentType.objects.filter(active=True),
        "years": years,
        "year": year,
        "book_id": book_id,
        "type_id": type_id,
        "may_draft": _draft_organisations(request.user).exists(),
    }
    return render_page(request, "documents/register.html", context, partial="results")


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    may_manage = permissions.can_manage_document(request.user, document)
    details_form = None
    if document.is_issued and may_manage:
        details_form = RegisterDetailsForm(instance=document, initial={"version": document.version})
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "spec": services.spec_of(document),
            "attachments": document.attachments.select_related("uploaded_by"),
            "links": document.links.select_related("content_type"),
            "corrections": document.corrections.select_related("doc_type"),
            "remarks": lifecycle.register_remarks(document),
            "replies": document.replies.select_related("doc_type"),
            "may_cancel": permissions.can_cancel_number(
                request.user, document, may_manage=may_manage
            ),
            "may_correct": permissions.can_correct(request.user, document, may_manage=may_manage),
            "may_enter_paper": permissions.can_enter_signed_paper(
                request.user, document, may_manage=may_manage
            ),
            "may_manage": may_manage,
            "may_edit": permissions.can_edit_draft(request.user, document),
            "attach_form": AttachForm() if may_manage and document.is_issued else None,
            "details_form": details_form,
            "office": pdf.soffice_binary() is not None,
        },
    )


def _draft_form_page(
    request: HttpRequest, form: DraftForm, document: Document | None, **extra: Any
) -> HttpResponse:
    return render(request, "documents/form.html", {"form": form, "document": document, **extra})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    organisations = _draft_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    drafting_units = DraftingUnit.objects.filter(organisation__in=organisations)
    form = DraftForm(
        request.POST or None, organisations=organisations, drafting_units=drafting_units
    )
    if request.method != "POST":
        form.initial.update(
            {
                "form_token": new_token(),
                "date_month": clock.today().month,
                "organisation": organisations.first(),
                "doc_type": DocumentType.objects.filter(code="cong-van").first(),
            }
        )
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data.get("form_token") or ""
        with transaction.atomic():
            if not claim(token, request.user.pk):
                done = previous_result(token)
                return redirect(done or reverse("documents:register"))
            try:
                document = services.create_draft(
                    organisation=form.cleaned_data["organisation"],
                    doc_type=form.cleaned_data["doc_type"],
                    drafting_unit=form.cleaned_data.get("drafting_unit"),
                    spec=form.to_spec(),
                    created_by=request.user,
                )
            except services.DocumentError as exc:
                transaction.set_rollback(True)
                form.add_error(None, str(exc))
                return _draft_form_page(request, form, None)
            url = reverse("documents:detail", args=[document.pk])
            remember(token, url)
        messages.success(request, "Đã lưu dự thảo.")
        return redirect(url)
    return _draft_form_page(request, form, None)


def _locked_page(request: HttpRequest, document: Document, message: str = "") -> HttpResponse:
    return render(
        request,
        "documents/locked.html",
        {"document": document, "message": message or str(DocumentLocked())},
        status=409,
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not permissions.can_draft(request.user, document):
        raise PermissionDenied
    if document.is_issued:
        return _locked_page(request, document)
    organisations = Organisation.objects.filter(pk=document.organisation_id)
    drafting_units = DraftingUnit.objects.filter(organisation=document.organisation)
    form = DraftForm(
        request.POST or None,
        organisations=organisations,
        drafting_units=drafting_units,
        initial=DraftForm.initial_for(document),
    )
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(
                document=document,
                spec=form.to_spec(),
                user=request.user,
                doc_type=form.cleaned_data["doc_type"],
                drafting_unit=form.cleaned_data.get("drafting_unit"),
                expected_version=form.cleaned_data.get("version") or document.version,
            )
        except StaleEdit as exc:
            stale = exc
        except DocumentLocked as exc:
            return _locked_page(request, document, str(exc))
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã lưu dự thảo.")
            return redirect("documents:detail", pk=document.pk)
    return _draft_form_page(request, form, document, stale=stale)


@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then register as issued: the number is given now, once."""
    document = _document(request, pk)
    if not permissions.can_manage_document(request.user, document):
        raise PermissionDenied
    if document.is_issued:
        return _locked_page(
            request, document, f"Văn bản đã được vào sổ với số {document.number_text}."
        )
    form = IssueForm(request.POST or None, initial={"date": clock.today()})
    book = None
    book_error = ""
    try:
        book = services.find_book(
            organisation=document.organisation,
            doc_type=document.doc_type,
            year=clock.today().year,
        )
    except services.NoNumberBook as exc:
        book_error = str(exc)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.issue_document(
                document,
                form.cleaned_data["date"],
                request.user,
                confirm_backdate=form.cleaned_data["confirm_backdate"],
            )
        except services.BackdateNeedsConfirmation as exc:
            form.add_error("confirm_backdate", str(exc))
        except (services.DocumentError, DocumentLocked) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã vào sổ: số {issued.number_text}.")
            return redirect("documents:detail", pk=document.pk)
    return render(
        request,
        "documents/issue.html",
        {"document": document, "form": form, "book": book, "book_error": book_error},
    )


@login_required
def docx(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The document's DOCX; a paper document's download is its scan (never an empty DOCX)."""
    document = _document(request, pk)
    if document.is_paper or (document.is_issued and not document.content):
        scan = lifecycle.scan_of(document)
        if scan is None:
            return _locked_page(
                request,
                document,
                "Văn bản giấy vào sổ chưa có bản quét: hãy đính kèm bản quét PDF của bản đã ký.",
            )
        return serve_upload(
            scan.file,
            content_type="application/pdf",
            filename=scan.original_name,
            fallback=services.file_name(document, "pdf"),
        )
    content = services.document_docx(document)
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{services.file_name(document, "docx")}"'
    )
    return response


@login_required
def pdf_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = _document(request, pk)
    if document.is_paper or (document.is_issued and not document.content):
        return docx(request, pk)  # the scan
    try:
        content = pdf.docx_to_pdf(services.document_docx(document), timeout=120)
    except (pdf.OfficeUnavailable, pdf.ConversionFailed) as exc:
        return render(
            request,
            "documents/locked.html",
            {"document": document, "message": str(exc)},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{services.file_name(document, "pdf")}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not permissions.can_manage_document(request.user, document):
        raise PermissionDenied
    form = AttachForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attach_file(
                document=document,
                content=upload.read(),
                name=upload.name,
                user=request.user,
                kind=form.cleaned_data["kind"],
            )
        except services.DocumentError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, "Đã đính kèm tệp PDF.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/attach.html", {"document": document, "form": form})


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    document = _document(request, pk)
    item = document.attachments.filter(pk=attachment_pk).first()
    if item is None:
        from django.http import Http404

        raise Http404("Không tìm thấy.")
    assert isinstance(item, DocumentAttachment)
    # Downloaded, sandboxed, nosniff: an uploaded PDF never runs in the site's origin.
    return serve_upload(
        item.file,
        content_type="application/pdf",
        filename=item.original_name,
        fallback=f"dinh-kem-{item.pk}.pdf",
    )


@login_required
def register_details(request: HttpRequest, pk: int) -> HttpResponse:
    """Ngày chuyển, ký nhận, bản lưu, ghi chú: register columns filled after issuing."""
    document = _document(request, pk)
    if not permissions.can_manage_document(request.user, document):
        raise PermissionDenied
    form = RegisterDetailsForm(
        request.POST or None, instance=document, initial={"version": document.version}
    )
    stale: StaleEdit | None = None
    if request.method == "POST" and form.is_valid():
        try:
            save_versioned(form.instance, form.cleaned_data["version"], fields=form.Meta.fields)
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, "Đã cập nhật sổ.")
            return redirect("documents:detail", pk=document.pk)
    return render(
        request, "documents/details_form.html", {"document": document, "form": form, "stale": stale}
    )


@login_required
def correction(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not permissions.can_manage_document(request.user, document):
        raise PermissionDenied
    if not document.is_issued:
        return redirect("documents:edit", pk=document.pk)
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.start_correction(
                document=document, kind=form.cleaned_data["kind"], user=request.user
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã tạo dự thảo mới; văn bản cũ giữ nguyên trong sổ.")
            return redirect("documents:edit", pk=new.pk)
    return render(request, "documents/correction.html", {"document": document, "form": form})


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    return render(
        request,
        "core/history.html",
        {
            "object": document,
            "entries": history_for(document),
            "back_url": reverse("documents:detail", args=[document.pk]),
        },
    )


@login_required
def books(request: HttpRequest) -> HttpResponse:
    rows = (
        NumberBook.objects.visible_to(request.user)
        .select_related("organisation")
        .prefetch_related("types")
        .annotate(issued=Count("documents"))
    )
    return render(request, "documents/books.html", {"books": rows})


@login_required
def incoming_create(request: HttpRequest) -> HttpResponse:
    organisations = _draft_organisations(request.user)
    organisations = organisations.filter(
        pk__in=[o.pk for o in organisations if permissions.can_register_incoming(request.user, o)]
    )
    if not organisations.exists():
        raise PermissionDenied
    form = IncomingForm(
        request.POST or None,
        organisations=organisations,
        initial={
            "received_on": clock.today(),
            "organisation": organisations.first(),
            "form_token": new_token(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token = data.get("form_token") or ""
        try:
            with transaction.atomic():
                if not claim(token, request.user.pk):  # a repeated POST: show the first result
                    return redirect(previous_result(token) or reverse("documents:register"))
                document = services.register_incoming(
                    organisation=data["organisation"],
                    doc_type=data["doc_type"],
                    author=data["author"],
                    external_number=data["external_number"],
                    date=data["date"],
                    subject=data["subject"],
                    received_on=data["received_on"],
                    handled_by=data["handled_by"],
                    note=data["note"],
                    user=request.user,
                )
                remember(token, reverse("documents:detail", args=[document.pk]))
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã vào sổ văn bản đến: số đến {document.incoming_number}.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/incoming_form.html", {"form": form})
