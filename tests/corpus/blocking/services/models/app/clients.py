"""Clients for the model registry."""

import time

import requests


def fetch_json(url: str) -> dict:
    return _get_with_retry(url, attempts=3).json()


def _get_with_retry(url: str, attempts: int) -> requests.Response:
    for attempt in range(attempts):
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            _backoff(attempt)
    raise RuntimeError(url)


def _backoff(attempt: int) -> None:
    time.sleep(2**attempt)


class RegistryClient:
    def __init__(self, base: str) -> None:
        self.base = base
        self.session = requests.Session()

    def latest(self) -> str:
        return self.session.get(f"{self.base}/latest").text

    async def alatest(self) -> str:
        return self.session.get(f"{self.base}/latest").text  # expect: SC201
