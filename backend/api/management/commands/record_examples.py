"""Record `frontend-contract/examples/` from the demo content.

Run on a throwaway database that holds the demo content (`make examples`
builds one): it signs a demo applicant in, starts and edits a grant draft,
joins, and adds a redirect, so every operation has a real payload to show.
Each file holds the request and the response, so `tests/contract/` can
validate the body against the operation's response schema.
"""

import json
import logging
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from api.content.serializers import PAGE_SERIALIZERS

DEFAULT_OUT = Path(settings.PROJECT_DIR) / "frontend-contract" / "examples"
APPLICANT_EMAIL = "applicant@example.org"


class Recorder:
    def __init__(self, out: Path, host: str) -> None:
        self.out = out
        self.client = Client(HTTP_HOST=host)
        self.written: list[str] = []

    def call(
        self,
        name: str,
        operation_id: str,
        method: str,
        path: str,
        *,
        query: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        expect: int = 200,
    ) -> Any:
        url = path + ("?" + urlencode(query) if query else "")
        kwargs: dict[str, Any] = {"headers": headers or {}}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        response = getattr(self.client, method.lower())(url, **kwargs)
        if response.status_code != expect:
            raise CommandError(
                f"{method} {url}: {response.status_code}, expected {expect}: "
                f"{response.content[:500]!r}"
            )
        content_type = response.headers.get("Content-Type", "").split(";")[0]
        data = json.loads(response.content) if response.content else None
        record: dict[str, Any] = {
            "operationId": operation_id,
            "request": {"method": method, "path": path},
            "response": {"status": response.status_code, "contentType": content_type},
        }
        if query:
            record["request"]["query"] = query
        if headers:
            record["request"]["headers"] = headers
        if body is not None:
            record["request"]["body"] = body
        for header in ("Cache-Control", "ETag", "Location"):
            if header in response.headers:
                record["response"].setdefault("headers", {})[header] = response.headers[
                    header
                ]
        if data is not None:
            record["response"]["body"] = data
        target = self.out / f"{name}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        self.written.append(name)
        return data


class Command(BaseCommand):
    help = "Record example payloads for every page type and endpoint (demo data)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default=str(DEFAULT_OUT))

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if not Page.objects.filter(depth__gt=1).exists():
            raise CommandError("No demo content: run `manage.py load_demo_content`.")
        site = Site.objects.get(is_default_site=True)
        # The 4xx examples are deliberate; don't log them as warnings.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        if out.exists():
            shutil.rmtree(out)
        rec = Recorder(out, site.hostname)
        self._content(rec)
        self._grants(rec)
        self._membership(rec)
        self.stdout.write(
            self.style.SUCCESS(f"{len(rec.written)} examples written to {out}")
        )

    def _content(self, rec: Recorder) -> None:
        rec.call("api_root", "api_root", "GET", "/api/v1/")
        rec.call("site_retrieve", "site_retrieve", "GET", "/api/v1/site/")
        rec.call(
            "navigation_retrieve", "navigation_retrieve", "GET", "/api/v1/navigation/"
        )
        sitemap = rec.call(
            "sitemap_list",
            "sitemap_list",
            "GET",
            "/api/v1/sitemap/",
            query={"limit": 100},
        )
        rec.call(
            "pages_list", "pages_list", "GET", "/api/v1/pages/", query={"limit": 5}
        )
        rec.call(
            "pages_list.fields",
            "pages_list",
            "GET",
            "/api/v1/pages/",
            query={"type": "event", "fields": "title,meta", "limit": 5},
        )
        # One detail and one resolve per page type, the first of each.
        seen: set[str] = set()
        for item in sitemap["results"]:
            if item["type"] in seen:
                continue
            seen.add(item["type"])
            rec.call(
                f"pages/{item['type']}",
                "pages_retrieve",
                "GET",
                f"/api/v1/pages/{item['id']}/",
            )
        missing = {_type_name(model) for model in PAGE_SERIALIZERS} - seen
        if missing:
            self.stderr.write(f"no demo page of type(s): {', '.join(sorted(missing))}")
        rec.call(
            "pages_resolve",
            "pages_resolve",
            "GET",
            "/api/v1/pages/resolve/",
            query={"path": sitemap["results"][1]["path"]},
        )
        members = next(i for i in sitemap["results"] if i["access"] == "members")
        rec.call(
            "pages_resolve.members_only_anonymous",
            "pages_resolve",
            "GET",
            "/api/v1/pages/resolve/",
            query={"path": members["path"]},
        )
        Redirect.objects.get_or_create(
            old_path="/old-international",
            site=None,
            defaults={"redirect_link": "/international/", "is_permanent": True},
        )
        rec.call(
            "pages_resolve.redirect",
            "pages_resolve",
            "GET",
            "/api/v1/pages/resolve/",
            query={"path": "/old-international/"},
        )
        rec.call(
            "pages_resolve.not_found",
            "pages_resolve",
            "GET",
            "/api/v1/pages/resolve/",
            query={"path": "/no/such/page/"},
            expect=404,
        )
        rec.call(
            "pages_list.bad_limit",
            "pages_list",
            "GET",
            "/api/v1/pages/",
            query={"limit": 1000},
            expect=400,
        )
        rec.call("redirects_list", "redirects_list", "GET", "/api/v1/redirects/")
        snapshot = rec.call(
            "changes_list.snapshot",
            "changes_list",
            "GET",
            "/api/v1/changes/",
            query={"limit": 3},
        )
        rec.call(
            "changes_list",
            "changes_list",
            "GET",
            "/api/v1/changes/",
            query={"limit": 3, "since": snapshot["cursor"]},
        )
        rec.call(
            "changes_list.bad_cursor",
            "changes_list",
            "GET",
            "/api/v1/changes/",
            query={"since": "not-a-cursor"},
            expect=400,
        )
        image = get_image_model().objects.order_by("pk").first()
        if image is not None:
            rec.call(
                "images_retrieve",
                "images_retrieve",
                "GET",
                f"/api/v1/images/{image.pk}/",
            )
        page = Page.objects.get(pk=sitemap["results"][1]["id"]).specific
        token = page.create_page_preview().token
        rec.call(
            "pages_preview",
            "pages_preview",
            "GET",
            "/api/v1/preview/",
            query={"content_type": page._meta.label_lower, "token": token},
        )

    def _grants(self, rec: Recorder) -> None:
        schemes = rec.call(
            "grants_schemes_list",
            "grants_schemes_list",
            "GET",
            "/api/v1/grants/schemes/",
        )
        rec.call(
            "grants_schemes_retrieve",
            "grants_schemes_retrieve",
            "GET",
            f"/api/v1/grants/schemes/{schemes['results'][0]['slug']}/",
        )
        rounds = rec.call(
            "grants_rounds_list",
            "grants_rounds_list",
            "GET",
            "/api/v1/grants/rounds/",
            query={"status": "open"},
        )
        rec.call(
            "grants_awards_list", "grants_awards_list", "GET", "/api/v1/grants/awards/"
        )
        rec.call(
            "grants_awards_360giving",
            "grants_awards_360giving",
            "GET",
            "/api/v1/grants/awards/360giving.json",
        )
        rec.client.force_login(_applicant())
        draft = rec.call(
            "grants_applications_create",
            "grants_applications_create",
            "POST",
            "/api/v1/grants/applications/",
            headers={"Idempotency-Key": "5f0c6d0e-example-draft"},
            body={
                "round": rounds["results"][0]["id"],
                "project_title": "Shared cataloguing for partner libraries",
                "organisation": {"name": "Accra Public Library", "country": "GH"},
            },
            expect=201,
        )
        rec.call(
            "grants_applications_create.invalid",
            "grants_applications_create",
            "POST",
            "/api/v1/grants/applications/",
            body={"round": 999999},
            expect=400,
        )
        url = f"/api/v1/grants/applications/{draft['id']}/"
        rec.call(
            "grants_applications_partial_update",
            "grants_applications_partial_update",
            "PATCH",
            url,
            body={
                "summary": "Two libraries share one catalogue.",
                "amount_requested": "2500.00",
            },
        )
        rec.call(
            "grants_applications_retrieve", "grants_applications_retrieve", "GET", url
        )
        rec.call(
            "grants_applications_list",
            "grants_applications_list",
            "GET",
            "/api/v1/grants/applications/",
        )
        rec.call(
            "grants_applications_submit.incomplete",
            "grants_applications_submit",
            "POST",
            url + "submit/",
            expect=400,
        )
        rec.call(
            "grants_applications_withdraw",
            "grants_applications_withdraw",
            "POST",
            url + "withdraw/",
        )

    def _membership(self, rec: Recorder) -> None:
        types = rec.call(
            "membership_types_list",
            "membership_types_list",
            "GET",
            "/api/v1/membership/types/",
        )
        rec.call("me_retrieve", "me_retrieve", "GET", "/api/v1/me/")
        rec.call(
            "me_partial_update",
            "me_partial_update",
            "PATCH",
            "/api/v1/me/",
            body={"name": "Ama Mensah", "institution": "Accra Public Library"},
        )
        rec.call(
            "membership_applications_create",
            "membership_applications_create",
            "POST",
            "/api/v1/membership/applications/",
            headers={"Idempotency-Key": "0b7e1c52-example-join"},
            body={"membership_type": types["results"][0]["id"], "country": "GH"},
            expect=201,
        )
        rec.call(
            "me_membership_retrieve",
            "me_membership_retrieve",
            "GET",
            "/api/v1/me/membership/",
        )
        rec.call(
            "me_export_retrieve", "me_export_retrieve", "GET", "/api/v1/me/export/"
        )
        rec.client.logout()
        rec.call(
            "me_retrieve.anonymous", "me_retrieve", "GET", "/api/v1/me/", expect=401
        )


def _type_name(model: type) -> str:
    import re

    name = model.__name__.removesuffix("Page")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _applicant() -> Any:
    user_model = get_user_model()
    user = user_model.objects.filter(email=APPLICANT_EMAIL).first()
    if user is None:
        user = user_model.objects.create_user(
            username="applicant", email=APPLICANT_EMAIL, password=None
        )
    EmailAddress.objects.update_or_create(
        user=user, email=APPLICANT_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user
