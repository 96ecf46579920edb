"""The users of bench/load.py: anonymous visitors, a company, a provider and coordinators.

Started by bench/load.py, which writes the sessions and ids to the file named by
TKI_LOAD_FIXTURE. Each user waits 1-2 s between requests, as a person reading pages does;
every user also asks for /healthz/, the in-run baseline of what the server costs at all.
"""

from __future__ import annotations

import json
import os
import random
from typing import Any

from locust import HttpUser, between, task

FIXTURE: dict[str, Any] = json.loads(open(os.environ["TKI_LOAD_FIXTURE"]).read())  # noqa: SIM115


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 2)
    role = ""

    def on_start(self) -> None:
        if self.role:
            self.client.cookies.set("sessionid", FIXTURE["sessions"][self.role])
        self.client.headers["Accept-Language"] = "fi"

    def get(self, url: str, name: str) -> None:
        self.client.get(url, name=name)

    @task(2)
    def healthz(self) -> None:
        self.get("/healthz/", "/healthz/")

    def some(self, key: str) -> Any:
        return random.choice(FIXTURE[key])


class Visitor(Person):
    weight = 4

    @task(2)
    def landing(self) -> None:
        self.get("/", "/")

    @task(3)
    def needs(self) -> None:
        self.get("/needs/", "/needs/")

    @task(3)
    def services(self) -> None:
        self.get("/services/", "/services/")

    @task(2)
    def need(self) -> None:
        self.get(f"/needs/{self.some('public_needs')}/", "/needs/[id]/")

    @task(2)
    def service(self) -> None:
        self.get(f"/services/{self.some('services')}/", "/services/[id]/")

    @task(2)
    def search(self) -> None:
        self.get(f"/search/?q={self.some('queries')}", "/search/?q=")

    @task(2)
    def api_needs(self) -> None:
        self.get("/api/v1/needs/", "/api/v1/needs/")


class Company(Person):
    weight = 2
    role = "company"

    @task(3)
    def home(self) -> None:
        self.get("/home/", "/home/")

    @task(2)
    def mine(self) -> None:
        self.get("/needs/mine/", "/needs/mine/")

    @task(2)
    def need(self) -> None:
        self.get(f"/needs/{self.some('company_needs')}/", "/needs/[id]/ (own)")


class Provider(Person):
    weight = 1
    role = "provider"

    @task(3)
    def home(self) -> None:
        self.get("/home/", "/home/")

    @task(2)
    def service(self) -> None:
        self.get(f"/services/{self.some('provider_services')}/", "/services/[id]/ (own)")


class Coordinator(Person):
    weight = 3
    role = "coordinator"

    @task(3)
    def inbox(self) -> None:
        self.get("/brokering/inbox/", "/brokering/inbox/")

    @task(2)
    def board(self) -> None:
        self.get("/brokering/board/", "/brokering/board/")

    @task(2)
    def proposals(self) -> None:
        self.get("/proposals/", "/proposals/")

    @task(2)
    def need(self) -> None:
        self.get(f"/needs/{self.some('coordinated_needs')}/", "/needs/[id]/ (coordinator)")

    @task(1)
    def match(self) -> None:
        self.get(f"/brokering/matches/{self.some('matches')}/", "/brokering/matches/[id]/")

    @task(1)
    def api_proposals(self) -> None:
        self.get("/api/v1/proposals/", "/api/v1/proposals/")

    @task(1)
    def funnel(self) -> None:
        self.get("/api/v1/matches/funnel/", "/api/v1/matches/funnel/")
