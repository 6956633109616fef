import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "/srv/shop/catalogue.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.get("/api/products")
def search_products():
    term = request.args.get("q", "")
    sort = request.args.get("sort", "name")
    db = get_db()
    rows = db.execute(
        f"SELECT id, name, price FROM products WHERE name LIKE '%{term}%' ORDER BY {sort}"
    ).fetchall()
    return jsonify([dict(r) for r in rows])


@app.get("/api/products/by-category")
def by_category():
    category = request.args.get("category", "")
    db = get_db()
    rows = db.execute(
        "SELECT id, name, price FROM products WHERE category = ? ORDER BY name", (category,)
    ).fetchall()
    return jsonify([dict(r) for r in rows])


@app.teardown_appcontext
def close_db(_exc):
    db = g.pop("db", None)
    if db is not None:
        db.close()
