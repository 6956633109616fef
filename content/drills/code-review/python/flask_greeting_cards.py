from flask import Flask, render_template, render_template_string, request

app = Flask(__name__)

CARD_FRAME = """
<html><body>
  <div class="card">{{ body | safe }}</div>
</body></html>
"""


@app.get("/cards/preview")
def preview():
    sender = request.args.get("from", "a friend")
    message = request.args.get("message", "")
    body = "<h2>From " + sender + "</h2><p>" + message + "</p>"
    return render_template_string(CARD_FRAME.replace("{{ body | safe }}", body))


@app.get("/cards/sent")
def sent():
    recipient = request.args.get("to", "")
    return render_template("sent.html", recipient=recipient)


@app.get("/cards/gallery")
def gallery():
    page = int(request.args.get("page", "1"))
    return render_template("gallery.html", page=page, per_page=24)
