import re

import httpx
import requests
from fastapi import Depends, FastAPI, HTTPException

from .auth import get_current_user

app = FastAPI()
TITLE_RE = re.compile(r"<title>(.*?)</title>", re.I | re.S)
METRICS_URL = "https://metrics.internal.example/api/v1/push"


@app.get("/preview")
def preview(url: str, user=Depends(get_current_user)):
    resp = requests.get(url, timeout=5, allow_redirects=True)
    match = TITLE_RE.search(resp.text)
    push_metric("preview.fetch", 1)
    return {
        "url": url,
        "status": resp.status_code,
        "title": match.group(1).strip() if match else None,
        "body": resp.text[:2000],
    }


def push_metric(name: str, value: int) -> None:
    try:
        httpx.post(METRICS_URL, json={"name": name, "value": value}, timeout=2)
    except httpx.HTTPError:
        pass


@app.get("/health")
def health():
    return {"ok": True}
