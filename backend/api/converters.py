"""`<id:pk>`: a database id in URLs, bounded so it always fits a bigint.

Django's `<int:...>` takes any number of digits; an id past 2**63 - 1 then
fails in the database (a 500 on SQLite, a DataError on PostgreSQL) instead of
being the 404 it is. Out-of-range ids match no URL: the /api/ 404 problem.
"""

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
