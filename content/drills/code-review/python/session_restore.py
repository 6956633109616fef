import base64
import json
import pickle

import yaml
from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


@app.get("/workspace")
def load_workspace():
    blob = request.cookies.get("workspace")
    if not blob:
        return jsonify({"shapes": []})
    state = pickle.loads(base64.b64decode(blob))
    return jsonify(state)


@app.post("/workspace")
def save_workspace():
    state = {"shapes": request.get_json().get("shapes", [])}
    resp = make_response("", 204)
    resp.set_cookie("workspace", base64.b64encode(json.dumps(state).encode()).decode(),
                    secure=True, httponly=True, samesite="Lax")
    return resp


@app.post("/settings/import")
def import_settings():
    doc = request.files["file"].read()
    settings = yaml.load(doc, Loader=yaml.Loader)
    theme = yaml.safe_load(request.form.get("theme", "{}"))
    return jsonify({"settings": settings, "theme": theme})
