"""Share moto's user-pool signing key instead of re-importing it for every pool.

moto gives every ``CognitoIdpUserPool`` the same RSA JWK (its ``jwks-private.json``) and
imports it in the pool's constructor; the import recovers the RSA primes and costs about half
a second per pool. The key is identical for every pool, so the extension swaps the ``jwk``
name that ``moto.cognitoidp.models`` uses for a proxy whose ``RSAKey.import_key`` returns one
shared, already imported key for the same input. Nothing else about the key changes.
"""

from __future__ import annotations

import json
import threading
from types import ModuleType
from typing import Any

import moto.cognitoidp.models as cognito_models


class _SharedRSAKey:
    def __init__(self, rsa_key_class: Any) -> None:
        self._rsa_key_class = rsa_key_class
        self._cache: dict[str, Any] = {}
        self._lock = threading.Lock()

    def import_key(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if args or kwargs or not isinstance(value, dict):
            return self._rsa_key_class.import_key(value, *args, **kwargs)
        cache_key = json.dumps(value, sort_keys=True)
        with self._lock:
            if cache_key not in self._cache:
                self._cache[cache_key] = self._rsa_key_class.import_key(value)
            return self._cache[cache_key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rsa_key_class, name)


class _JwkProxy(ModuleType):
    def __init__(self, jwk_module: ModuleType) -> None:
        super().__init__(jwk_module.__name__)
        self._jwk_module = jwk_module
        self.RSAKey = _SharedRSAKey(jwk_module.RSAKey)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._jwk_module, name)


def install() -> None:
    if not isinstance(cognito_models.jwk, _JwkProxy):
        cognito_models.jwk = _JwkProxy(cognito_models.jwk)  # type: ignore[assignment]
