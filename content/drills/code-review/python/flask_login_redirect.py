from flask import Flask, redirect, render_template, request, url_for
from flask_login import login_user, logout_user

from .models import User

app = Flask(__name__)


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    user = User.authenticate(request.form["email"], request.form["password"])
    if user is None:
        return render_template("login.html", error="Invalid e-mail or password"), 401
    login_user(user)
    next_url = request.form.get("next") or url_for("dashboard")
    return redirect(next_url)


@app.route("/logout")
def logout():
    logout_user()
    return redirect(url_for("home"))


LANGUAGE_HOMES = {"en": "/en/", "de": "/de/", "fr": "/fr/"}


@app.route("/switch-language")
def switch_language():
    lang = request.args.get("lang", "en")
    return redirect(LANGUAGE_HOMES.get(lang, "/en/"))
