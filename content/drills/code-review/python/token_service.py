import random
import secrets
import string
import time

import jwt

from .config import IDP_PUBLIC_KEY

RESET_TTL = 15 * 60


def new_reset_code(store, user_id: int) -> str:
    reset_code = "".join(random.choice(string.digits) for _ in range(6))
    store.put(f"reset:{user_id}", reset_code, expires=time.time() + RESET_TTL)
    return reset_code


def new_api_key() -> str:
    return "ak_" + secrets.token_urlsafe(32)


def user_id_from(access_token: str) -> str:
    claims = jwt.decode(access_token, options={"verify_signature": False})
    return claims["sub"]


def verified_claims(id_token: str, audience: str) -> dict:
    return jwt.decode(id_token, IDP_PUBLIC_KEY, algorithms=["RS256"], audience=audience)


def jitter(base: float) -> float:
    return base * (1 + random.random() / 10)
