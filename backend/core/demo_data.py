"""Demo organisations: the partners, funders and bodies that content and grants
both name (`ref("org:IFLA")`), each with a logo drawn locally."""

from .demo_loader import Demo, ImageSpec, Record, image

ORGANISATIONS = {
    "IFLA": dict(
        name="International Federation of Library Associations and Institutions",
        short_name="IFLA",
        url="https://www.ifla.org/",
        country="NL",
        description="The global body representing library and information services.",
    ),
    "ACE": dict(
        name="Arts Council England",
        short_name="ACE",
        url="https://www.artscouncil.org.uk/",
        country="GB",
        org_identifier="GB-CHC-1036733",
        description="The national development agency for creativity and culture in England.",
    ),
    "BL": dict(
        name="British Library",
        short_name="BL",
        url="https://www.bl.uk/",
        country="GB",
        description="The national library of the United Kingdom.",
    ),
    "BC": dict(
        name="British Council",
        url="https://www.britishcouncil.org/",
        country="GB",
        org_identifier="GB-CHC-209131",
        description="The UK's international organisation for cultural relations.",
    ),
    "LC": dict(
        name="Libraries Connected",
        url="https://www.librariesconnected.org.uk/",
        country="GB",
        description="The membership body for heads of public library services.",
    ),
    "ESU": dict(
        name="English-Speaking Union",
        short_name="ESU",
        url="https://www.esu.org/",
        country="GB",
        description="An educational charity promoting communication across cultures.",
    ),
    "BLUE_SHIELD": dict(
        name="UK Blue Shield Committee",
        url="https://www.ukblueshield.org.uk/",
        country="GB",
        description="The UK committee of Blue Shield, protecting cultural property in conflict and disaster.",
    ),
    "ICRC": dict(
        name="International Committee of the Red Cross",
        short_name="ICRC",
        url="https://www.icrc.org/",
        country="CH",
        description="A humanitarian organisation protecting people affected by conflict.",
    ),
}


def _logo_title(fields: dict[str, str]) -> str:
    return f"{fields.get('short_name') or fields['name']} logo"


DEMO = Demo(
    images={
        f"logo:{key}": ImageSpec(
            title=_logo_title(fields), colour=(40, 70, 120), size=(400, 200)
        )
        for key, fields in ORGANISATIONS.items()
    },
    records=[
        Record(
            "core.Organisation",
            key=f"org:{key}",
            lookup={"name": fields["name"]},
            fields={**fields, "logo": image(f"logo:{key}")},
        )
        for key, fields in ORGANISATIONS.items()
    ],
)
