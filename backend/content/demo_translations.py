"""Demo translations: French and Spanish versions of the hub and a few
statements, the hub in Arabic, and everything else left in English so that
the API's fallback (`meta.fallback`) has something to show. Some snippets
the translated pages show (IFLA, the ICRC, the hub's testimonial, the
president) and the site's text are translated too; IFLA has no Arabic
version, so the Arabic hub shows it in French, along the chain.

Translations are made as an editor's would be: Wagtail's
`copy_for_translation` (what wagtail-localize's "Translate" action calls),
then the translated fields, then a publish. Idempotent: an existing
translation is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

Log = Callable[[str], None]

# Path below the home page -> title, summary, and the first paragraph's text.
Translation = tuple[str, str, str | None]

TRANSLATIONS: dict[str, dict[str, Translation]] = {
    "fr": {
        "": ("Accueil", "L'association et son travail international.", None),
        "international/": (
            "International",
            "Une profession mondiale aux valeurs partagées : comment l'association "
            "travaille avec les bibliothèques et les collègues à l'étranger.",
            "Le travail des bibliothèques et de l'information est une profession "
            "mondiale, et l'association prend une part active à la communauté "
            "internationale.",
        ),
        "international/recovery-and-relief/": (
            "Reconstruction et secours internationaux",
            "Aux côtés des collègues à l'étranger quand un conflit ou une "
            "catastrophe menace les services, les collections ou les personnes.",
            None,
        ),
        "international/recovery-and-relief/ukraine/": (
            "Solidarité avec les bibliothèques d'Ukraine",
            "Nous soutenons les bibliothécaires d'Ukraine dont les services, les "
            "collections et la sécurité sont menacés par la guerre.",
            "Nous soutenons les bibliothécaires d'Ukraine dont les services, les "
            "collections et la sécurité sont menacés par la guerre.",
        ),
        "international/recovery-and-relief/beirut-explosion/": (
            "Explosion du port de Beyrouth : aux côtés des bibliothèques libanaises",
            "Après l'explosion du port de Beyrouth, nous soutenons les "
            "bibliothèques et les archives qui réparent bâtiments et collections.",
            "Après l'explosion du port de Beyrouth, nous soutenons les "
            "bibliothèques et les archives qui réparent bâtiments et collections.",
        ),
    },
    "es": {
        "": ("Inicio", "La asociación y su trabajo internacional.", None),
        "international/": (
            "Internacional",
            "Una profesión global con valores compartidos: cómo trabaja la "
            "asociación con bibliotecas y colegas en el extranjero.",
            "El trabajo bibliotecario y de información es una profesión global, y "
            "la asociación participa activamente en la comunidad internacional.",
        ),
        "international/recovery-and-relief/": (
            "Recuperación y ayuda internacional",
            "Junto a los colegas en el extranjero cuando un conflicto o un desastre "
            "pone en riesgo servicios, colecciones o personas.",
            None,
        ),
        "international/recovery-and-relief/ukraine/": (
            "Solidaridad con las bibliotecas de Ucrania",
            "Apoyamos a los trabajadores de bibliotecas de Ucrania cuyos servicios, "
            "colecciones y seguridad están amenazados por la guerra.",
            "Apoyamos a los trabajadores de bibliotecas de Ucrania cuyos servicios, "
            "colecciones y seguridad están amenazados por la guerra.",
        ),
    },
    "ar": {
        "": ("الرئيسية", "الجمعية وعملها الدولي.", None),
        "international/": (
            "العمل الدولي",
            "مهنة عالمية ذات قيم مشتركة: كيف تعمل الجمعية مع المكتبات والزملاء في الخارج.",
            "العمل في المكتبات والمعلومات مهنة عالمية، وتشارك الجمعية بنشاط في "
            "المجتمع الدولي.",
        ),
    },
}


# (model label, field to find the English version by, its value) -> language
# -> the translated fields.
SNIPPETS: dict[tuple[str, str, str], dict[str, dict[str, str]]] = {
    (
        "core.organisation",
        "short_name",
        "IFLA",
    ): {
        "fr": {
            "name": "Fédération internationale des associations et institutions "
            "de bibliothèques",
            "description": "L'organisme mondial qui représente les services de "
            "bibliothèque et d'information.",
        },
        "es": {
            "name": "Federación Internacional de Asociaciones e Instituciones "
            "Bibliotecarias",
            "description": "El organismo mundial que representa a los servicios "
            "de bibliotecas e información.",
        },
    },
    ("core.organisation", "short_name", "ICRC"): {
        "fr": {
            "name": "Comité international de la Croix-Rouge",
            "short_name": "CICR",
            "description": "Une organisation humanitaire qui protège les "
            "personnes touchées par les conflits.",
        },
        "es": {
            "name": "Comité Internacional de la Cruz Roja",
            "short_name": "CICR",
            "description": "Una organización humanitaria que protege a las "
            "personas afectadas por los conflictos.",
        },
    },
    ("content.person", "name", "Ayub Khan"): {
        "fr": {"role": "Président (2018)", "institution": "L'association"},
        "es": {"role": "Presidente (2018)", "institution": "La asociación"},
        "ar": {"name": "أيوب خان", "role": "الرئيس (2018)", "institution": "الجمعية"},
    },
    ("content.testimonial", "attribution", ""): {
        "fr": {
            "quote": "Travailler avec des collègues d'autres pays nous montre de "
            "nouvelles façons de faire, et nous rappelle combien les bibliothèques "
            "comptent pour des sociétés ouvertes et démocratiques.",
        },
        "es": {
            "quote": "Trabajar con colegas de otros países nos muestra nuevas "
            "formas de hacer las cosas y nos recuerda cuánto importan las "
            "bibliotecas para las sociedades abiertas y democráticas.",
        },
    },
}

# Language -> the site settings' text (`core.SiteText`); Spanish leaves the
# footer blank, so it falls back to English field by field.
SITE_TEXT: dict[str, dict[str, str]] = {
    "fr": {
        "name": "L'association : travail international",
        "tagline": "Une profession mondiale aux valeurs partagées",
        "footer_text": "Association caritative enregistrée en Angleterre.",
        "membership_cta_heading": "Rejoignez une profession mondiale",
        "membership_cta_text": "L'adhésion est ouverte aux professionnels des "
        "bibliothèques et de l'information, où qu'ils travaillent.",
        "membership_cta_label": "Devenir membre",
    },
    "es": {
        "name": "La asociación: trabajo internacional",
        "tagline": "Una profesión global con valores compartidos",
        "membership_cta_label": "Hazte socio",
    },
    "ar": {
        "name": "الجمعية: العمل الدولي",
        "tagline": "مهنة عالمية ذات قيم مشتركة",
        "membership_cta_label": "انضم إلينا",
    },
}


def _translate_snippets(log: Log) -> None:
    from django.apps import apps

    default = Locale.get_default()
    for (label, field, value), languages in SNIPPETS.items():
        model = apps.get_model(label)
        source = model.objects.filter(locale=default, **{field: value}).first()
        if source is None:
            continue
        for code, fields in languages.items():
            locale = Locale.objects.get(language_code=code)
            if source.get_translation_or_none(locale) is not None:
                continue
            copy: Any = source.copy_for_translation(locale)
            for name, text in fields.items():
                setattr(copy, name, text)
            copy.save()
            log(f"translated into {code}: {copy}")


def _translate_site_text(log: Log) -> None:
    from core.models import SiteSettings, SiteText

    site = Site.objects.get(is_default_site=True)
    settings_obj = SiteSettings.for_site(site)
    for code, fields in SITE_TEXT.items():
        locale = Locale.objects.get(language_code=code)
        _, created = SiteText.objects.get_or_create(
            settings=settings_obj, locale=locale, defaults=fields
        )
        if created:
            log(f"site text in {code}")


def _translate(page: Page, locale: Locale, translation: Translation) -> Page | None:
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return None
    title, summary, paragraph = translation
    copy = page.specific.copy_for_translation(locale)
    copy.title = copy.draft_title = title
    copy.summary = summary
    body = getattr(copy, "body", None)
    if paragraph is not None and body is not None:
        for i, block in enumerate(body):
            if block.block_type == "paragraph":
                body[i] = ("paragraph", RichText(f"<p>{paragraph}</p>"))
                break
    copy.save()
    copy.save_revision().publish()
    return copy


def load(*, home: Page, log: Log) -> None:
    for code in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        Locale.objects.get_or_create(language_code=code)
    for code, pages in TRANSLATIONS.items():
        locale = Locale.objects.get(language_code=code)
        # Parents first: a translation goes under its parent's translation.
        for relative in sorted(pages, key=lambda path: path.count("/")):
            source = Page.objects.filter(url_path=home.url_path + relative).first()
            if source is None:
                continue
            made = _translate(source, locale, pages[relative])
            if made is not None:
                log(f"translated into {code}: {made.title}")
    _translate_snippets(log)
    _translate_site_text(log)
