import sqlite3
import subprocess

from flask import Flask, request

app = Flask(__name__)


@app.route("/search")
def search():
    name = request.args.get("name", "")
    db = sqlite3.connect("shop.db")
    return str(db.execute("SELECT id FROM items WHERE name = '" + name + "'").fetchall())


@app.route("/ping")
def ping():
    host = request.args.get("host", "")
    return subprocess.check_output("ping -c 1 " + host, shell=True)


@app.route("/safe")
def safe():
    name = request.args.get("name", "")
    db = sqlite3.connect("shop.db")
    return str(db.execute("SELECT id FROM items WHERE name = ?", (name,)).fetchall())
