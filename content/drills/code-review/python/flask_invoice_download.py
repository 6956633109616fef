import os

from flask import Flask, abort, send_file
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

app = Flask(__name__)
INVOICE_ROOT = "/srv/billing/invoices"
TERMS_DIR = "/srv/billing/terms"


@app.route("/invoices/<customer_id>/<filename>")
@login_required
def download_invoice(customer_id, filename):
    path = os.path.join(INVOICE_ROOT, customer_id, filename)
    if not os.path.exists(path):
        abort(404)
    return send_file(path, mimetype="application/pdf", download_name=filename)


@app.route("/terms/<name>")
def terms(name):
    safe = secure_filename(name)
    path = os.path.join(TERMS_DIR, safe)
    if not os.path.isfile(path):
        abort(404)
    return send_file(path, mimetype="application/pdf")


@app.route("/me/invoices")
@login_required
def my_invoices():
    folder = os.path.join(INVOICE_ROOT, str(current_user.id))
    return {"files": sorted(os.listdir(folder))}
