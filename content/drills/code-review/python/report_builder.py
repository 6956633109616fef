import ast
import operator

from flask import Flask, jsonify, request
from lxml import etree
from flask_login import login_required

app = Flask(__name__)
CATALOGUE = etree.parse("/srv/reports/catalogue.xml")
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


@app.post("/reports/preview-column")
@login_required
def preview_column():
    formula = request.json["formula"]
    rows = request.json["rows"]
    values = [eval(formula, {}, dict(row)) for row in rows]
    return jsonify(values)


@app.get("/reports/by-owner")
@login_required
def by_owner():
    owner = request.args.get("owner", "")
    names = CATALOGUE.xpath("//report[@owner='" + owner + "']/@name")
    return jsonify([str(n) for n in names])


@app.get("/reports/by-tag")
@login_required
def by_tag():
    tag = request.args.get("tag", "")
    names = CATALOGUE.xpath("//report[tag=$tag]/@name", tag=tag)
    return jsonify([str(n) for n in names])


def safe_eval(node, row):
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](safe_eval(node.left, row), safe_eval(node.right, row))
    if isinstance(node, ast.Name):
        return float(row[node.id])
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    raise ValueError("unsupported expression")
