"""Screens for residents' personal data requests and the access log (officers only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ntm.accounts.models import AccessLog
from ntm.participation import permissions, personal_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def personal_data_search(request: HttpRequest) -> HttpResponse:
    if not permissions.can_handle_personal_data(request.user):
        raise PermissionDenied
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    records = personal_data.find(request.user, query)
    if request.method == "POST":
        chosen = set(request.POST.getlist("chon"))
        selected = [r for r in records if r.key in chosen]
        if not selected:
            messages.error(request, "Chưa chọn bản ghi nào để xóa.")
        elif request.POST.get("xac_nhan") != "1":
            messages.error(request, "Hãy đánh dấu ô xác nhận trước khi xóa.")
        else:
            try:
                count = personal_data.erase(
                    user=request.user, records=selected, reason=request.POST.get("can_cu", "")
                )
            except ValueError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    f"Đã xóa dữ liệu cá nhân trong {count} bản ghi; số liệu tổng hợp được giữ nguyên.",
                )
                return redirect(f"{request.path}?q={query}")
    elif query:
        personal_data.log(
            request.user, "Tra cứu dữ liệu cá nhân", f"“{query}”: {len(records)} bản ghi"
        )
    if query and request.GET.get("xuat") == "1":
        personal_data.log(
            request.user, "Xuất dữ liệu cá nhân", f"“{query}”: {len(records)} bản ghi"
        )
        response = HttpResponse(personal_data.export_xlsx(records), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="du-lieu-ca-nhan.xlsx"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
    return render(request, "participation/personal_data.html", {"q": query, "records": records})


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_handle_personal_data(request.user):
        raise PermissionDenied
    entries = AccessLog.objects.visible_to(request.user).select_related("user", "unit")[:300]
    return render(request, "participation/access_log.html", {"entries": entries})
