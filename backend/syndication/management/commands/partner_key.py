"""Create, list and revoke partner API keys from the command line."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from syndication.models import PartnerKey
from syndication.services import partner_key_create, partner_key_revoke


class Command(BaseCommand):
    help = "Manage partner API keys: create (prints the key once), list, revoke."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument(
            "--scopes",
            default="content",
            help="Comma-separated: content,grants,membership",
        )
        create.add_argument("--rate", default="600/min")
        sub.add_parser("list")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            try:
                key, raw = partner_key_create(
                    name=options["name"],
                    scopes=options["scopes"].split(","),
                    rate=options["rate"],
                )
            except ValidationError as exc:
                raise CommandError(
                    "; ".join(
                        f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()
                    )
                ) from exc
            self.stdout.write(f"{key.name}: {raw}")
            self.stdout.write(
                "Give this key to the partner now: only its digest is stored."
            )
        elif action == "list":
            for key in PartnerKey.objects.all():
                state = "active" if key.is_active else "revoked/expired"
                self.stdout.write(
                    f"{key.prefix}  {state:16} {key.rate:10} {','.join(key.scopes):24} {key.name}"
                )
        else:
            key = PartnerKey.objects.filter(prefix=options["prefix"]).first()
            if key is None:
                raise CommandError(f"No key with prefix {options['prefix']}.")
            partner_key_revoke(key=key)
            self.stdout.write(f"revoked {key}")
