"""Python templates for the code-scan benchmark corpus (written for this bench)."""

from tpl_common import T

MODULE = ("flask", "django", "fastapi", "util")  # module-level functions
CLASS = ("service", "dao")  # methods (indented on render)
WEBPY = ("flask", "django", "fastapi")

HEADERS = {
    "flask": '''\
"""Flask views for «tbl»."""
import base64
import hashlib
import json
import logging
import os
import pickle
import subprocess
import urllib.request

import jwt
import requests
import yaml
from flask import Blueprint, abort, jsonify, make_response, redirect, request, send_file, url_for
from markupsafe import Markup, escape

from «app».db import get_db
from «app».services.«es»_service import «E»Service

log = logging.getLogger(__name__)
bp = Blueprint("«tbl»", __name__, url_prefix="/«route»")

MAX_PAGE_SIZE = «n»
UPLOAD_DIR = "/var/lib/«app»/uploads"
ALLOWED_REDIRECT_HOSTS = {"«host»", "«app».example.com"}
service = «E»Service()
''',
    "django": '''\
"""Django views for «tbl»."""
import base64
import hashlib
import json
import logging
import os
import pickle
import subprocess
import urllib.request

import jwt
import requests
import yaml
from django.conf import settings
from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from .models import «E»

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = «n»
UPLOAD_DIR = os.path.join(settings.MEDIA_ROOT, "«tbl»")
''',
    "fastapi": '''\
"""FastAPI routes for «tbl»."""
import base64
import hashlib
import json
import logging
import os
import pickle
import subprocess
from typing import Optional

import httpx
import jwt
import requests
import yaml
from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse

from «app».db import get_connection
from «app».schemas import «E»In, «E»Out

log = logging.getLogger(__name__)
router = APIRouter(prefix="/«route»", tags=["«tbl»"])

MAX_PAGE_SIZE = «n»
UPLOAD_DIR = "/srv/«app»/files"
''',
    "service": '''\
"""Business rules for «tbl»."""
import datetime as dt
import hashlib
import hmac
import logging
import os
import random
import secrets
import string
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable, Optional

import jwt
from Crypto.Cipher import AES, DES
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from «app».repositories.«es»_repository import «E»Repository

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = «n»


@dataclass
class «E»Record:
    id: int
    «fld_s»: str
    «fld2_s»: Optional[str] = None
    status: str = "new"
    tags: list = field(default_factory=list)


class «C»:
    """Rules around «E» life cycle."""

    def __init__(self, repository: Optional[«E»Repository] = None, clock=dt.datetime.utcnow):
        self.repository = repository or «E»Repository.default()
        self.clock = clock
''',
    "dao": '''\
"""Data access for the «tbl» table."""
import datetime as dt
import hashlib
import logging
import random
import sqlite3
import string
from typing import Iterable, List, Optional

import psycopg2
from Crypto.Cipher import DES

log = logging.getLogger(__name__)

MAX_PAGE_SIZE = «n»
COLUMNS = ("id", "«fld_s»", "«fld2_s»", "status", "created_at")


class «C»:
    """Thin SQL layer over «tbl»; every query is parameterised."""

    def __init__(self, conn):
        self.conn = conn
''',
    "util": '''\
"""Helpers for «tbl» handling."""
import datetime as dt
import hashlib
import math
import random
import re
import secrets
import string
import time
import unicodedata
from typing import Iterable, Optional

from Crypto.Cipher import AES, DES

MAX_PAGE_SIZE = «n»
_SLUG_RE = re.compile(r"[^a-z0-9]+")
''',
}

CLASS_SUFFIX = {"service": "Service", "dao": "Repository"}
LAYER = {"flask": "views", "django": "views", "fastapi": "routers", "service": "services",
         "dao": "repositories", "util": "utils"}

SAFE = [
    # ------------------------------------------------------- generic module
    T(MODULE, ("clamp_page_size_«n2»", "page_size_for_«es»", "effective_limit_«w»"), '''
        def «name»(raw, default=«n2»):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                return min(default, MAX_PAGE_SIZE)
            if value <= 0:
                return min(default, MAX_PAGE_SIZE)
            return min(value, MAX_PAGE_SIZE)
    '''),
    T(MODULE, ("normalize_«fld_s»", "clean_«fld_s»_value", "canonical_«fld_s»"), '''
        def «name»(value):
            """Trim, fold case and cap the length of a «fld_s»."""
            if value is None:
                return ""
            text = str(value).strip()
            if len(text) > «n»:
                text = text[:«n»]
            return text.casefold()
    '''),
    T(MODULE, ("group_«es_pl»_by_«fld_s»", "index_by_«fld_s»", "bucket_«es_pl»"), '''
        def «name»(rows):
            grouped = {}
            for row in rows:
                key = row.get("«fld_s»") or "unknown"
                grouped.setdefault(key, []).append(row)
            return dict(sorted(grouped.items()))
    '''),
    T(MODULE, ("validate_«es»_payload", "check_«es»_fields", "errors_for_«es»"), '''
        def «name»(payload):
            errors = []
            if not isinstance(payload, dict):
                return ["body must be an object"]
            «fld_s» = payload.get("«fld_s»")
            if not «fld_s»:
                errors.append("«fld_s» is required")
            elif len(str(«fld_s»)) > «n»:
                errors.append("«fld_s» must be at most «n» characters")
            «fld2_s» = payload.get("«fld2_s»")
            if «fld2_s» is not None and not str(«fld2_s»).replace("-", "").isalnum():
                errors.append("«fld2_s» has invalid characters")
            return errors
    '''),
    T(MODULE, ("chunked_«n2»", "batches_of_«es_pl»", "partition_«w»"), '''
        def «name»(items, size=«n2»):
            if size <= 0:
                raise ValueError("size must be positive")
            batch = []
            for item in items:
                batch.append(item)
                if len(batch) == size:
                    yield batch
                    batch = []
            if batch:
                yield batch
    '''),
    T(MODULE, ("serialize_«es»", "«es»_to_dict", "describe_«es»"), '''
        def «name»(obj):
            return {
                "id": obj.id,
                "«fld_s»": obj.«fld_s»,
                "«fld2_s»": getattr(obj, "«fld2_s»", None),
                "links": {"self": f"/«route»/{obj.id}"},
            }
    '''),
    T(MODULE, ("next_status_«w»", "advance_«es»_state", "transition_«es»"), '''
        _TRANSITIONS_«n2» = {
            ("new", "submit"): "pending",
            ("pending", "approve"): "active",
            ("pending", "reject"): "rejected",
            ("active", "close"): "closed",
        }


        def «name»(current, event):
            return _TRANSITIONS_«n2».get((current or "new", event), current)
    '''),
    T(MODULE, ("parse_iso_day_«n2»", "to_date_«w»", "coerce_«es»_day"), '''
        def «name»(value):
            if not value:
                return None
            for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d"):
                try:
                    return __import__("datetime").datetime.strptime(value, fmt).date()
                except ValueError:
                    continue
            return None
    '''),
    T(MODULE, ("dedupe_«fld_s»_values", "unique_«es»_keys", "distinct_«w»"), '''
        def «name»(values):
            seen = set()
            out = []
            for value in values:
                key = (value or "").strip().lower()
                if key and key not in seen:
                    seen.add(key)
                    out.append(key)
            return out
    '''),
    T(MODULE, ("summarize_«es»_totals", "total_«es»_amounts", "sum_«w»"), '''
        def «name»(rows):
            total = 0
            count = 0
            for row in rows:
                amount = row.get("amount")
                if amount is None:
                    continue
                total += amount
                count += 1
            average = total / count if count else 0
            return {"count": count, "total": round(total, 2), "average": round(average, 2)}
    '''),
    # ----------------------------------------------------------------- flask
    T(("flask",), ("get_«es»", "show_«es»", "read_«es»"), '''
        @bp.route("/<int:item_id>", methods=["GET"])
        def «name»(item_id):
            row = get_db().execute(
                "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE id = ?", (item_id,)
            ).fetchone()
            if row is None:
                abort(404)
            return jsonify(dict(row))
    '''),
    T(("flask",), ("search_«es_pl»", "find_«es_pl»", "lookup_«es_pl»"), '''
        @bp.route("/search")
        def «name»():
            term = request.args.get("q", "").strip()
            limit = min(request.args.get("limit", «n2», type=int), MAX_PAGE_SIZE)
            rows = get_db().execute(
                "SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» LIKE ? ORDER BY id LIMIT ?",
                (f"%{term}%", limit),
            ).fetchall()
            return jsonify([dict(r) for r in rows])
    '''),
    T(("flask",), ("create_«es»", "add_«es»", "register_«es»"), '''
        @bp.route("", methods=["POST"])
        def «name»():
            payload = request.get_json(silent=True) or {}
            if not payload.get("«fld_s»"):
                return jsonify({"error": "«fld_s» is required"}), 400
            created = service.create(payload)
            log.info("created «es» %s", created["id"])
            return jsonify(created), 201
    '''),
    T(("flask",), ("delete_«es»", "remove_«es»", "archive_«es»"), '''
        @bp.route("/<int:item_id>", methods=["DELETE"])
        def «name»(item_id):
            db = get_db()
            cur = db.execute("DELETE FROM «tbl» WHERE id = ?", (item_id,))
            db.commit()
            if cur.rowcount == 0:
                abort(404)
            return "", 204
    '''),
    T(("flask",), ("«es»_banner", "render_«es»_title", "greet_«es»_owner"), '''
        @bp.route("/banner")
        def «name»():
            «fld_s» = request.args.get("«fld_s»", "")
            return make_response(f"<div class='«w»'>{escape(«fld_s»)}</div>")
    '''),
    T(("flask",), ("after_«es»_login", "continue_«w»", "back_to_«es»"), '''
        @bp.route("/continue")
        def «name»():
            target = request.args.get("next", "")
            if target.startswith("/") and not target.startswith("//"):
                return redirect(url_for("«tbl».get_«es»", item_id=«n2»))
            return redirect(url_for("index"))
    '''),
    T(("flask",), ("download_«es»_file", "serve_«es»_upload", "get_«es»_attachment"), '''
        @bp.route("/files/<name>")
        def «name»(name):
            safe_name = os.path.basename(name)
            full = os.path.realpath(os.path.join(UPLOAD_DIR, safe_name))
            if not full.startswith(os.path.realpath(UPLOAD_DIR) + os.sep) or not os.path.isfile(full):
                abort(404)
            return send_file(full, as_attachment=True)
    '''),
    T(("flask",), ("«es»_stats", "count_«es_pl»", "summary_«w»"), '''
        @bp.route("/stats")
        def «name»():
            rows = get_db().execute("SELECT status, COUNT(*) AS n FROM «tbl» GROUP BY status").fetchall()
            return jsonify({r["status"]: r["n"] for r in rows})
    '''),
    T(("flask",), ("set_«es»_theme", "remember_«w»_pref", "save_«es»_view"), '''
        @bp.route("/preferences", methods=["POST"])
        def «name»():
            theme = request.form.get("theme", "light")
            if theme not in ("light", "dark"):
                theme = "light"
            resp = make_response(jsonify({"theme": theme}))
            resp.set_cookie("«es»_theme", theme, secure=True, httponly=True, samesite="Lax")
            return resp
    '''),
    T(("flask",), ("upstream_«es»_status", "mirror_«es»", "remote_«w»"), '''
        @bp.route("/<int:item_id>/upstream")
        def «name»(item_id):
            resp = requests.get(f"https://«host»/v1/«route»/{int(item_id)}", timeout=«n2»)
            if resp.status_code != 200:
                abort(502)
            return jsonify(resp.json())
    '''),
    T(("flask",), ("list_«es»_sorted", "page_«es_pl»", "browse_«es_pl»"), '''
        @bp.route("")
        def «name»():
            sort = request.args.get("sort", "id")
            column = sort if sort in {"id", "«fld_s»", "«fld2_s»", "created_at"} else "id"
            page = max(request.args.get("page", 0, type=int), 0)
            rows = get_db().execute(
                "SELECT id, «fld_s» FROM «tbl» ORDER BY " + column + " LIMIT ? OFFSET ?",
                (MAX_PAGE_SIZE, page * MAX_PAGE_SIZE),
            ).fetchall()
            return jsonify([dict(r) for r in rows])
    '''),
    # ---------------------------------------------------------------- django
    T(("django",), ("«es»_detail", "show_«es»", "get_«es»"), '''
        @require_GET
        def «name»(request, pk):
            obj = get_object_or_404(«E», pk=pk)
            return JsonResponse({"id": obj.pk, "«fld_s»": obj.«fld_s», "«fld2_s»": obj.«fld2_s»})
    '''),
    T(("django",), ("«es»_search", "find_«es_pl»", "search_«es_pl»"), '''
        @require_GET
        def «name»(request):
            term = request.GET.get("q", "")
            qs = «E».objects.filter(«fld_s»__icontains=term).order_by("-id")[:MAX_PAGE_SIZE]
            return JsonResponse({"results": [{"id": o.pk, "«fld_s»": o.«fld_s»} for o in qs]})
    '''),
    T(("django",), ("«es»_raw_report", "report_«es_pl»", "«es»_by_«fld_s»"), '''
        @require_GET
        def «name»(request):
            value = request.GET.get("«fld_s»", "")
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id, «fld2_s» FROM «tbl» WHERE «fld_s» = %s ORDER BY id LIMIT %s",
                    [value, MAX_PAGE_SIZE],
                )
                rows = cursor.fetchall()
            return JsonResponse({"rows": rows})
    '''),
    T(("django",), ("«es»_welcome", "greet_«es»", "«es»_hello"), '''
        def «name»(request):
            who = request.GET.get("name", "guest")
            return HttpResponse(format_html("<p>Hello, {}</p>", who))
    '''),
    T(("django",), ("«es»_login_next", "«es»_continue", "post_login_«w»"), '''
        def «name»(request):
            nxt = request.GET.get("next", "/")
            if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=True):
                nxt = "/"
            return HttpResponseRedirect(nxt)
    '''),
    T(("django",), ("create_«es»", "«es»_create", "new_«es»"), '''
        @require_POST
        def «name»(request):
            try:
                payload = json.loads(request.body or b"{}")
            except json.JSONDecodeError:
                return HttpResponseBadRequest("invalid json")
            obj = «E».objects.create(«fld_s»=payload.get("«fld_s»", ""), «fld2_s»=payload.get("«fld2_s»"))
            return JsonResponse({"id": obj.pk}, status=201)
    '''),
    T(("django",), ("«es»_export", "export_«es_pl»", "«es»_csv"), '''
        @require_GET
        def «name»(request):
            response = HttpResponse(content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="«tbl».csv"'
            response.write("id,«fld_s»\\n")
            for obj in «E».objects.order_by("id").iterator():
                response.write(f"{obj.pk},{escape(obj.«fld_s»)}\\n")
            return response
    '''),
    # --------------------------------------------------------------- fastapi
    T(("fastapi",), ("get_«es»", "read_«es»", "fetch_«es»"), '''
        @router.get("/{item_id}", response_model=«E»Out)
        async def «name»(item_id: int, conn=Depends(get_connection)):
            row = await conn.fetchrow("SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE id = $1", item_id)
            if row is None:
                raise HTTPException(status_code=404, detail="not found")
            return «E»Out(**dict(row))
    '''),
    T(("fastapi",), ("search_«es_pl»", "query_«es_pl»", "find_«es_pl»"), '''
        @router.get("/search")
        async def «name»(q: str = "", limit: int = «n2», conn=Depends(get_connection)):
            rows = await conn.fetch(
                "SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» ILIKE $1 ORDER BY id LIMIT $2",
                f"%{q}%",
                min(limit, MAX_PAGE_SIZE),
            )
            return [dict(r) for r in rows]
    '''),
    T(("fastapi",), ("create_«es»", "post_«es»", "add_«es»"), '''
        @router.post("", status_code=201, response_model=«E»Out)
        async def «name»(body: «E»In, conn=Depends(get_connection)):
            row = await conn.fetchrow(
                "INSERT INTO «tbl» («fld_s», «fld2_s») VALUES ($1, $2) RETURNING id, «fld_s», «fld2_s»",
                body.«fld_s»,
                body.«fld2_s»,
            )
            return «E»Out(**dict(row))
    '''),
    T(("fastapi",), ("«es»_health", "ping_«es»", "«es»_ready"), '''
        @router.get("/health")
        async def «name»(request: Request):
            started = request.app.state.started_at
            return {"status": "ok", "uptime": round(__import__("time").time() - started, 3)}
    '''),
    T(("fastapi",), ("«es»_archive_list", "list_«es»_exports", "«es»_dir_listing"), '''
        @router.get("/exports")
        async def «name»():
            result = subprocess.run(["ls", "-1", UPLOAD_DIR], capture_output=True, text=True, check=False)
            return {"files": [line for line in result.stdout.splitlines() if line.endswith(".csv")]}
    '''),
    # --------------------------------------------------------------- service
    T(("service",), ("find_«es»", "get_«es»", "load_«es»"), '''
        def «name»(self, item_id):
            if item_id is None or int(item_id) <= 0:
                return None
            row = self.repository.get(int(item_id))
            if row is None:
                log.debug("«es» %s not found", item_id)
            return row
    '''),
    T(("service",), ("create", "create_«es»", "open_«es»"), '''
        def «name»(self, payload):
            record = «E»Record(
                id=0,
                «fld_s»=str(payload.get("«fld_s»", "")).strip(),
                «fld2_s»=payload.get("«fld2_s»"),
            )
            record.id = self.repository.insert(record)
            log.info("created «es» %s", record.id)
            return {"id": record.id, "«fld_s»": record.«fld_s»}
    '''),
    T(("service",), ("expire_stale_«es_pl»", "purge_old_«es_pl»", "close_idle_«es_pl»"), '''
        def «name»(self, max_age_days=«n2»):
            cutoff = self.clock() - dt.timedelta(days=max_age_days)
            expired = 0
            for record in self.repository.pending_before(cutoff):
                record.status = "expired"
                self.repository.save(record)
                expired += 1
            log.info("expired %d «tbl» older than %s", expired, cutoff.isoformat())
            return expired
    '''),
    T(("service",), ("hash_password", "derive_«es»_key", "stretch_secret_«n2»"), '''
        def «name»(self, password, salt=None):
            salt = salt or os.urandom(16)
            digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 310000)
            return salt.hex() + "$" + digest.hex()
    '''),
    T(("service",), ("seal_«es»_payload", "encrypt_«fld_s»", "protect_blob_«n2»"), '''
        def «name»(self, key, plaintext):
            nonce = os.urandom(12)
            sealed = AESGCM(key).encrypt(nonce, plaintext, b"«es»")
            return nonce + sealed
    '''),
    T(("service",), ("verified_subject", "subject_of_token_«n2»", "authenticate_«es»"), '''
        def «name»(self, token, key):
            claims = jwt.decode(token, key, algorithms=["HS256"], audience="«app»", leeway=«n2»)
            return claims["sub"]
    '''),
    T(("service",), ("new_api_key_«n2»", "issue_«es»_token", "make_reset_token"), '''
        def «name»(self):
            token = secrets.token_urlsafe(32)
            self.repository.store_token(hashlib.sha256(token.encode()).hexdigest(), self.clock())
            return token
    '''),
    T(("service",), ("price_for", "quote_«es»", "compute_total_«n2»"), '''
        def «name»(self, unit_price, quantity, tier=""):
            if quantity <= 0:
                return Decimal("0")
            gross = Decimal(str(unit_price)) * quantity
            discount = {"gold": Decimal("0.15"), "silver": Decimal("0.07")}.get(tier, Decimal("0"))
            return (gross - gross * discount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    '''),
    T(("service",), ("compare_signature_«n2»", "verify_webhook_«w»", "check_«es»_hmac"), '''
        def «name»(self, secret, body, signature):
            expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, signature or "")
    '''),
    T(("service",), ("retry_«w»", "with_backoff_«n2»", "attempt_sync_«es»"), '''
        def «name»(self, action, attempts=3, base=0.2):
            last = None
            for attempt in range(attempts):
                try:
                    return action()
                except ConnectionError as exc:
                    last = exc
                    __import__("time").sleep(base * (2 ** attempt) + random.uniform(0, base))
            raise last
    '''),
    # ------------------------------------------------------------------- dao
    T(("dao",), ("find_by_«fld_s»", "select_by_«fld_s»", "query_«fld_s»"), '''
        def «name»(self, value, limit=MAX_PAGE_SIZE):
            cur = self.conn.cursor()
            cur.execute(
                "SELECT id, «fld_s», «fld2_s» FROM «tbl» WHERE «fld_s» = %s ORDER BY id DESC LIMIT %s",
                (value, min(limit, MAX_PAGE_SIZE)),
            )
            return cur.fetchall()
    '''),
    T(("dao",), ("get", "get_row_«n2»", "load_row"), '''
        def «name»(self, item_id):
            cur = self.conn.cursor()
            cur.execute("SELECT " + ", ".join(COLUMNS) + " FROM «tbl» WHERE id = %s", (item_id,))
            row = cur.fetchone()
            return dict(zip(COLUMNS, row)) if row else None
    '''),
    T(("dao",), ("insert", "insert_«es»", "add_row_«n2»"), '''
        def «name»(self, record):
            cur = self.conn.cursor()
            cur.execute(
                "INSERT INTO «tbl» («fld_s», «fld2_s», status) VALUES (%s, %s, %s) RETURNING id",
                (record.«fld_s», record.«fld2_s», record.status),
            )
            self.conn.commit()
            return cur.fetchone()[0]
    '''),
    T(("dao",), ("bulk_insert", "insert_many_«n2»", "save_batch_«w»"), '''
        def «name»(self, rows):
            cur = self.conn.cursor()
            cur.executemany(
                "INSERT INTO «tbl» («fld_s», «fld2_s») VALUES (%s, %s)",
                [(r["«fld_s»"], r.get("«fld2_s»")) for r in rows],
            )
            self.conn.commit()
            return cur.rowcount
    '''),
    T(("dao",), ("find_all_by_ids", "load_many_«n2»", "fetch_batch_«w»"), '''
        def «name»(self, ids):
            ids = [int(i) for i in ids]
            if not ids:
                return []
            placeholders = ", ".join(["%s"] * len(ids))
            cur = self.conn.cursor()
            cur.execute("SELECT id, «fld_s» FROM «tbl» WHERE id IN (" + placeholders + ")", ids)
            return cur.fetchall()
    '''),
    T(("dao",), ("delete_older_than", "prune_«n2»", "drop_stale_«w»"), '''
        def «name»(self, cutoff):
            cur = self.conn.cursor()
            cur.execute("DELETE FROM «tbl» WHERE created_at < %s", (cutoff,))
            self.conn.commit()
            log.info("pruned %d rows from «tbl»", cur.rowcount)
            return cur.rowcount
    '''),
    # ------------------------------------------------------------------ util
    T(("util",), ("slugify_«n2»", "to_slug_«w»", "«es»_slug"), '''
        def «name»(text):
            ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
            return _SLUG_RE.sub("-", ascii_text.lower()).strip("-")
    '''),
    T(("util",), ("mask_email_«n2»", "redact_«fld_s»", "obfuscate_«w»"), '''
        def «name»(email):
            if not email or "@" not in email:
                return "***"
            local, _, domain = email.partition("@")
            return local[:2] + "***@" + domain
    '''),
    T(("util",), ("sha256_hex_«n2»", "checksum_«w»", "content_hash_«es»"), '''
        def «name»(data):
            if isinstance(data, str):
                data = data.encode("utf-8")
            return hashlib.sha256(data).hexdigest()
    '''),
    T(("util",), ("random_id_«n2»", "opaque_id_«w»", "new_«es»_ref"), '''
        def «name»(nbytes=16):
            return secrets.token_hex(nbytes)
    '''),
    T(("util",), ("format_money_«n2»", "money_«w»", "«es»_amount_label"), '''
        def «name»(amount, currency="EUR"):
            if amount is None:
                return "-"
            sign = "-" if amount < 0 else ""
            whole, frac = divmod(round(abs(amount) * 100), 100)
            return f"{sign}{whole:,}.{frac:02d} {currency}"
    '''),
    T(("util",), ("backoff_delays_«n2»", "retry_schedule_«w»", "delays_for_«es»"), '''
        def «name»(attempts=5, base=0.5, cap=30.0):
            delays = []
            for attempt in range(attempts):
                delays.append(min(cap, base * math.pow(2, attempt)))
            return delays
    '''),
]

VULN = [
    # ------------------------------------------------------------------ sqli
    T(("flask",), ("search_«es_pl»_by_text", "quick_find_«es»", "filter_«es_pl»"), '''
        @bp.route("/find")
        def «name»():
            «q» = request.args.get("«q»", "")
            cur = get_db().cursor()
            cur.execute(f"SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» LIKE '%{«q»}%' ORDER BY id")
            return jsonify([dict(r) for r in cur.fetchall()])
    ''', cat="sqli", vars={"q": ["q", "term", "keyword", "needle"]}),
    T(("flask",), ("«es»_by_«fld_s»_legacy", "legacy_«es»_lookup", "«es»_report"), '''
        @bp.route("/report", methods=["POST"])
        def «name»():
            «fld_s» = request.form["«fld_s»"]
            query = "SELECT id, «fld2_s» FROM «tbl» WHERE «fld_s» = '" + «fld_s» + "'"
            rows = get_db().execute(query).fetchall()
            return jsonify({"rows": [list(r) for r in rows]})
    ''', cat="sqli"),
    T(("django",), ("«es»_lookup_raw", "raw_«es»_search", "«es»_sql_filter"), '''
        def «name»(request):
            status = request.GET.get("status", "new")
            with connection.cursor() as cursor:
                cursor.execute("SELECT id, «fld_s» FROM «tbl» WHERE status = '%s'" % status)
                rows = cursor.fetchall()
            return JsonResponse({"rows": rows})
    ''', cat="sqli"),
    T(("django",), ("«es»_ordered", "sorted_«es_pl»", "«es»_ranking"), '''
        def «name»(request):
            order = request.GET.get("order", "id")
            qs = «E».objects.raw("SELECT * FROM «tbl» ORDER BY " + order)
            return JsonResponse({"ids": [o.pk for o in qs]})
    ''', cat="sqli"),
    T(("fastapi",), ("«es»_text_search", "search_«es»_raw", "grep_«es_pl»"), '''
        @router.get("/raw-search")
        async def «name»(request: Request, conn=Depends(get_connection)):
            term = request.query_params.get("term", "")
            rows = await conn.fetch(f"SELECT id, «fld_s» FROM «tbl» WHERE «fld_s» = '{term}'")
            return [dict(r) for r in rows]
    ''', cat="sqli"),
    # ------------------------------------------------------------------ cmdi
    T(("flask",), ("ping_host_«n2»", "diagnose_«es»_host", "probe_«w»"), '''
        @bp.route("/diagnostics/ping")
        def «name»():
            «h» = request.args.get("«h»", "localhost")
            code = os.system("ping -c 1 " + «h»)
            return jsonify({"exit": code})
    ''', cat="cmdi", vars={"h": ["host", "target", "address"]}),
    T(("flask",), ("export_«es»_archive", "pack_«es_pl»", "bundle_«es»_dir"), '''
        @bp.route("/export", methods=["POST"])
        def «name»():
            folder = request.form.get("folder", ".")
            out = subprocess.check_output("tar czf /tmp/«es».tgz " + folder, shell=True)
            return jsonify({"bytes": len(out)})
    ''', cat="cmdi"),
    T(("django",), ("«es»_dns_check", "resolve_«es»_domain", "lookup_«w»_dns"), '''
        def «name»(request):
            domain = request.GET["domain"]
            output = os.popen("nslookup %s" % domain).read()
            return HttpResponse(output, content_type="text/plain")
    ''', cat="cmdi"),
    T(("fastapi",), ("convert_«es»_image", "thumbnail_«w»", "resize_«es»"), '''
        @router.post("/thumbnail")
        async def «name»(request: Request):
            form = await request.form()
            name = form.get("file")
            subprocess.run(f"convert {name} -resize 200x200 /tmp/thumb.png", shell=True, check=False)
            return {"ok": True}
    ''', cat="cmdi"),
    # ------------------------------------------------------------------ code
    T(("flask",), ("preview_«es»_rule", "calc_«w»", "evaluate_«es»_formula"), '''
        @bp.route("/rules/preview", methods=["POST"])
        def «name»():
            expression = request.form.get("expr", "0")
            result = eval(expression, {"max_page": MAX_PAGE_SIZE})
            return jsonify({"result": result})
    ''', cat="code"),
    T(("django",), ("«es»_script_hook", "run_«es»_hook", "«w»_hook"), '''
        @require_POST
        def «name»(request):
            source = request.POST.get("code", "")
            scope = {}
            exec(source, scope)
            return JsonResponse({"keys": sorted(scope)})
    ''', cat="code"),
    # ------------------------------------------------------------------- xss
    T(("flask",), ("hello_«es»", "welcome_«es»_page", "«es»_greeting"), '''
        @bp.route("/hello")
        def «name»():
            «v» = request.args.get("«v»", "friend")
            return make_response("<h2>Welcome back, " + «v» + "</h2>")
    ''', cat="xss", vars={"v": ["name", "user", "display_name"]}),
    T(("flask",), ("«es»_notice", "flash_«w»", "show_«es»_message"), '''
        @bp.route("/notice")
        def «name»():
            message = request.args.get("msg", "")
            return Markup("<div class='notice'>%s</div>" % message)
    ''', cat="xss"),
    T(("django",), ("«es»_search_page", "search_«es»_html", "«es»_results"), '''
        def «name»(request):
            q = request.GET.get("q", "")
            return HttpResponse("<p>No «tbl» match <b>" + q + "</b></p>")
    ''', cat="xss"),
    T(("django",), ("«es»_profile_blurb", "«es»_bio", "render_«w»_blurb"), '''
        def «name»(request):
            bio = request.POST.get("bio", "")
            return HttpResponse(mark_safe("<section>" + bio + "</section>"))
    ''', cat="xss"),
    T(("fastapi",), ("«es»_welcome_html", "hello_«es»_page", "«es»_banner_html"), '''
        @router.get("/welcome", response_class=HTMLResponse)
        async def «name»(request: Request):
            who = request.query_params.get("who", "")
            return HTMLResponse(content=f"<h1>Hi {who}</h1>")
    ''', cat="xss"),
    # ------------------------------------------------------------------ path
    T(("flask",), ("raw_«es»_file", "«es»_attachment", "read_«es»_upload"), '''
        @bp.route("/attachment")
        def «name»():
            «f» = request.args.get("«f»", "")
            return send_file(os.path.join(UPLOAD_DIR, «f»))
    ''', cat="path", vars={"f": ["file", "filename", "name", "path"]}),
    T(("django",), ("«es»_download", "download_«es»_doc", "fetch_«w»_doc"), '''
        def «name»(request):
            name = request.GET.get("name", "")
            with open(UPLOAD_DIR + "/" + name, "rb") as fh:
                data = fh.read()
            return HttpResponse(data, content_type="application/octet-stream")
    ''', cat="path"),
    T(("fastapi",), ("«es»_report_file", "get_«es»_report", "«w»_report"), '''
        @router.get("/report-file")
        async def «name»(request: Request):
            report = request.query_params.get("report", "latest.csv")
            return FileResponse(os.path.join(UPLOAD_DIR, report))
    ''', cat="path"),
    # ------------------------------------------------------------------ ssrf
    T(("flask",), ("preview_«es»_link", "unfurl_«w»", "fetch_«es»_url"), '''
        @bp.route("/preview")
        def «name»():
            «u» = request.args.get("«u»")
            resp = requests.get(«u», timeout=5)
            return jsonify({"status": resp.status_code, "length": len(resp.content)})
    ''', cat="ssrf", vars={"u": ["url", "link", "target"]}),
    T(("django",), ("«es»_import_feed", "pull_«es»_feed", "sync_«w»_feed"), '''
        @require_POST
        def «name»(request):
            feed = request.POST["feed_url"]
            with urllib.request.urlopen(feed) as resp:
                body = resp.read()
            return JsonResponse({"bytes": len(body)})
    ''', cat="ssrf"),
    T(("fastapi",), ("relay_«es»_webhook", "forward_«w»", "«es»_callback"), '''
        @router.post("/relay")
        async def «name»(request: Request):
            payload = await request.json()
            async with httpx.AsyncClient() as client:
                resp = await client.post(payload["callback"], json={"ok": True})
            return {"status": resp.status_code}
    ''', cat="ssrf"),
    # -------------------------------------------------------------- redirect
    T(("flask",), ("login_return_«n2»", "continue_to_«w»", "after_«es»_signin"), '''
        @bp.route("/signed-in")
        def «name»():
            «r» = request.args.get("«r»", "/")
            log.info("«es» sign-in complete")
            return redirect(«r»)
    ''', cat="redirect", vars={"r": ["next", "return_to", "redirect_url"]}),
    T(("django",), ("«es»_logout", "sign_out_«w»", "end_«es»_session"), '''
        def «name»(request):
            request.session.flush()
            return HttpResponseRedirect(request.GET.get("next", "/"))
    ''', cat="redirect"),
    T(("fastapi",), ("«es»_go", "jump_«w»", "bounce_«es»"), '''
        @router.get("/go")
        async def «name»(request: Request):
            dest = request.query_params.get("to", "/")
            return RedirectResponse(url=dest)
    ''', cat="redirect"),
    # ----------------------------------------------------------------- deser
    T(("flask",), ("restore_«es»_snapshot", "import_«es»_state", "load_«w»_blob"), '''
        @bp.route("/snapshot", methods=["POST"])
        def «name»():
            snapshot = pickle.loads(request.get_data())
            return jsonify({"type": type(snapshot).__name__})
    ''', cat="deser"),
    T(("flask",), ("«es»_prefs_from_cookie", "read_«w»_prefs", "load_«es»_prefs"), '''
        @bp.route("/prefs")
        def «name»():
            raw = request.cookies.get("prefs", "")
            prefs = pickle.loads(base64.b64decode(raw))
            return jsonify(prefs)
    ''', cat="deser"),
    T(("django",), ("«es»_import_yaml", "load_«es»_config", "«w»_yaml_upload"), '''
        @require_POST
        def «name»(request):
            config = yaml.load(request.body, Loader=yaml.Loader)
            return JsonResponse({"keys": list(config)})
    ''', cat="deser"),
    # --------------------------------------------------------------- pattern
    T(MODULE, ("legacy_digest_«n2»", "etag_for_«es»", "md5_of_«fld_s»"), '''
        def «name»(value):
            return hashlib.md5(value.encode("utf-8")).hexdigest()
    ''', cat="weak-hash"),
    T(CLASS, ("hash_pin_«w»", "sign_«es»_legacy", "fingerprint_sha1_«n2»"), '''
        def «name»(self, pin, salt):
            return hashlib.sha1((salt + pin).encode("utf-8")).hexdigest()
    ''', cat="weak-hash"),
    T(("service", "dao"), ("encrypt_legacy_«w»", "wrap_«es»_secret", "scramble_«fld_s»"), '''
        def «name»(self, key, data):
            cipher = DES.new(key[:8], DES.MODE_ECB)
            pad = 8 - len(data) % 8
            return cipher.encrypt(data + bytes([pad]) * pad)
    ''', cat="weak-cipher"),
    T(("util",), ("token_cipher_«n2»", "encode_ref_«w»", "seal_«es»_ecb"), '''
        def «name»(key, ref):
            cipher = AES.new(key, AES.MODE_ECB)
            data = ref.encode("utf-8").ljust(16, b"\\0")
            return cipher.encrypt(data)
    ''', cat="weak-cipher"),
    T(("util",), ("reset_code_«n2»", "new_otp_«w»", "generate_«es»_reset_token"), '''
        def «name»(length=«n2»):
            alphabet = string.ascii_letters + string.digits
            token = "".join(random.choice(alphabet) for _ in range(length))
            return token
    ''', cat="weak-random"),
    T(("service",), ("new_session_id_«n2»", "session_token_«w»", "issue_«es»_session"), '''
        def «name»(self):
            session_token = "%032x" % random.getrandbits(128)
            self.repository.store_token(session_token, self.clock())
            return session_token
    ''', cat="weak-random"),
    T(("dao",), ("reporting_connection_«n2»", "open_legacy_db_«w»", "warehouse_conn"), '''
        def «name»(self):
            return psycopg2.connect(
                host="«host»",
                dbname="«app»",
                user="«es»_rw",
                password="«sec»",
            )
    ''', cat="secret"),
    T(("util",), ("smtp_settings_«n2»", "mailer_config_«w»", "«es»_mail_login"), '''
        SMTP_PASSWORD_«n2» = "«sec»"


        def «name»():
            return {"host": "smtp.«app».example", "user": "noreply", "password": SMTP_PASSWORD_«n2»}
    ''', cat="secret"),
    T(("service",), ("tenant_of_token_«w»", "claims_unverified_«n2»", "user_from_jwt"), '''
        def «name»(self, bearer):
            token = bearer[7:] if bearer.startswith("Bearer ") else bearer
            claims = jwt.decode(token, options={"verify_signature": False})
            return claims.get("tenant")
    ''', cat="jwt"),
    T(("flask",), ("start_«es»_session", "login_«w»_cookie", "set_«es»_session"), '''
        @bp.route("/session", methods=["POST"])
        def «name»():
            sid = service.open_session(request.form.get("user", ""))
            resp = make_response(jsonify({"ok": True}))
            resp.set_cookie("session_id", sid, secure=False, httponly=False)
            return resp
    ''', cat="cookie"),
    T(("django",), ("«es»_remember_me", "remember_«w»", "«es»_set_cookie"), '''
        def «name»(request):
            response = JsonResponse({"ok": True})
            response.set_cookie("remember_token", request.session.session_key, secure=False, httponly=False)
            return response
    ''', cat="cookie"),
]
