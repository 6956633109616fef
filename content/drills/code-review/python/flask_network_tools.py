import os
import re
import subprocess

from flask import Flask, request
from flask_login import login_required

app = Flask(__name__)
HOST_RE = re.compile(r"^[A-Za-z0-9.-]{1,253}$")


@app.post("/tools/ping")
@login_required
def ping():
    host = request.form["host"]
    count = int(request.form.get("count", "3"))
    output = os.popen(f"ping -c {count} {host}").read()
    return {"output": output}


@app.post("/tools/dig")
@login_required
def dig():
    name = request.form["name"]
    if not HOST_RE.match(name):
        return {"error": "invalid name"}, 400
    result = subprocess.run(["dig", "+short", name], capture_output=True, text=True, timeout=10)
    return {"output": result.stdout}


@app.get("/tools/version")
def version():
    result = subprocess.run("git rev-parse --short HEAD", shell=True, capture_output=True, text=True)
    return {"version": result.stdout.strip()}
