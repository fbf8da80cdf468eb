"""Screens of the register's life cycle: reserve and cancel numbers, paper documents with their
scan, replies to incoming documents, the electronic (PDF/A) document to sign."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ntm.accounts.models import Organisation
from ntm.accounts.scope import can_manage
from ntm.core import clock
from ntm.core.idempotency import claim, new_token, previous_result, remember
from ntm.documents import lifecycle, pdf, services, signing
from ntm.documents.forms import CancelForm, PaperForm, ReplyForm, ReserveForm
from ntm.documents.models import Direction, Document, DraftingUnit
from ntm.documents.views import _document, _draft_organisations, _locked_page


def _managed_organisations(user: Any) -> Any:
    organisations = _draft_organisations(user)
    allowed = [o.pk for o in organisations if can_manage(user, o.unit)]
    return Organisation.objects.filter(pk__in=allowed).order_by("order", "name")


def _dated_form(request: HttpRequest, form_class: Any) -> Any:
    organisations = _managed_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied
    return form_class(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        drafting_units=DraftingUnit.objects.filter(organisation__in=organisations),
        initial={
            "date": clock.today(),
            "organisation": organisations.first(),
            "form_token": new_token(),
        },
    )


def _once(request: HttpRequest, form: Any, action: Any) -> HttpResponse | None:
    """Run ``action`` once per form token (a double click saves once); None on a refusal."""
    token = form.cleaned_data.get("form_token") or ""
    try:
        with transaction.atomic():
            if not claim(token, request.user.pk):
                return redirect(previous_result(token) or reverse("documents:register"))
            document = action()
            url = reverse("documents:detail", args=[document.pk])
            remember(token, url)
    except services.BackdateNeedsConfirmation as exc:
        form.add_error("confirm_backdate", str(exc))
        return None
    except services.DocumentError as exc:
        form.add_error(None, str(exc))
        return None
    return redirect(url)


@login_required
def reserve(request: HttpRequest) -> HttpResponse:
    """Giữ số for a document being signed on paper."""
    form = _dated_form(request, ReserveForm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _once(
            request,
            form,
            lambda: lifecycle.reserve_number(
                organisation=data["organisation"],
                doc_type=data["doc_type"],
                drafting_unit=data.get("drafting_unit"),
                date=data["date"],
                subject=data["subject"],
                user=request.user,
                confirm_backdate=data["confirm_backdate"],
            ),
        )
        if done is not None:
            messages.success(request, "Đã giữ số trong sổ.")
            return done
    return render(request, "documents/reserve.html", {"form": form})


@login_required
def paper(request: HttpRequest) -> HttpResponse:
    """A document signed on paper, entered in the register with its scanned PDF."""
    form = _dated_form(request, PaperForm)
    reserved = None
    reserved_pk = request.GET.get("giu_so") or request.POST.get("giu_so")
    if reserved_pk and reserved_pk.isdigit():
        reserved = Document.objects.visible_to(request.user).filter(pk=int(reserved_pk)).first()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["scan"]
        done = _once(
            request,
            form,
            lambda: lifecycle.register_paper(
                organisation=data["organisation"],
                doc_type=data["doc_type"],
                drafting_unit=data.get("drafting_unit"),
                date=data["date"],
                subject=data["subject"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                distribution=data["distribution"].splitlines(),
                scan=upload.read(),
                scan_name=upload.name,
                user=request.user,
                reserved=reserved,
                confirm_backdate=data["confirm_backdate"],
            ),
        )
        if done is not None:
            messages.success(request, "Đã vào sổ văn bản giấy cùng bản quét.")
            return done
    return render(request, "documents/paper.html", {"form": form, "reserved": reserved})


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    if not can_manage(request.user, document.unit):
        raise PermissionDenied
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.cancel_number(
                document=document, reason=form.cleaned_data["reason"], user=request.user
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"Đã hủy số {document.number_text}; số giữ trong sổ.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/cancel.html", {"document": document, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Link this outgoing document to the incoming one it answers."""
    document = _document(request, pk)
    if not can_manage(request.user, document.unit):
        raise PermissionDenied
    incoming = Document.objects.visible_to(request.user).filter(
        direction=Direction.INCOMING, organisation=document.organisation
    )
    form = ReplyForm(request.POST or None, incoming=incoming)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.link_reply(
                reply=document, incoming=form.cleaned_data["incoming"], user=request.user
            )
        except services.DocumentError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã gắn văn bản trả lời với văn bản đến.")
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/reply.html", {"document": document, "form": form})


@login_required
def electronic(request: HttpRequest, pk: int) -> HttpResponse:
    """The unsigned electronic document (PDF/A-2b) with its two signature fields ready for
    the official's signing tool."""
    document = _document(request, pk)
    try:
        content = signing.unsigned_pdf(document)
    except services.DocumentError as exc:
        return _locked_page(request, document, str(exc))
    except (pdf.OfficeUnavailable, pdf.ConversionFailed) as exc:
        return render(
            request,
            "documents/locked.html",
            {"document": document, "message": str(exc)},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    name = services.file_name(document, "pdf").replace(".pdf", "-dien-tu.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
