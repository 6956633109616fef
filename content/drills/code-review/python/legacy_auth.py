import hashlib
import hmac
import os

from flask import Flask, request, session

from .models import User

app = Flask(__name__)
app.secret_key = "flask-session-key-9f8e7d6c"
API_SIGNING_KEY = os.environ["API_SIGNING_KEY"].encode()


def check_credentials(email: str, password: str):
    user = User.query.filter_by(email=email.lower()).first()
    if user is not None and user.password == password:
        return user
    return None


@app.post("/login")
def login():
    user = check_credentials(request.form["email"], request.form["password"])
    if user is None:
        return {"error": "invalid credentials"}, 401
    session["uid"] = user.id
    return {"ok": True}


@app.post("/register")
def register():
    digest = hashlib.md5(request.form["password"].encode()).hexdigest()
    User.create(email=request.form["email"], password=digest)
    return {"ok": True}, 201


def verify_webhook(body: bytes, signature: str) -> bool:
    expected = hmac.new(API_SIGNING_KEY, body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
