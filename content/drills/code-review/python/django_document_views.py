from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Document


@login_required
def document_detail(request, doc_id):
    doc = Document.objects.get(pk=doc_id)
    return JsonResponse({"id": doc.pk, "title": doc.title, "body": doc.body})


@login_required
def document_preview(request, doc_id):
    doc = get_object_or_404(Document, pk=doc_id, owner=request.user)
    note = request.GET.get("note", "")
    banner = mark_safe("<div class='note'>" + note + "</div>")
    title = format_html("<h1>{}</h1>", doc.title)
    return HttpResponse(banner + title)


@login_required
def my_documents(request):
    docs = Document.objects.filter(owner=request.user).values("id", "title")
    return JsonResponse({"documents": list(docs)})
