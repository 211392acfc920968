"""Demo translations: French and Spanish versions of the hub and a few
statements, the hub in Arabic, and everything else left in English so that
the API's fallback (`meta.fallback`) has something to show.

Translations are made as an editor's would be: Wagtail's
`copy_for_translation` (what wagtail-localize's "Translate" action calls),
then the translated fields, then a publish. Idempotent: an existing
translation is left alone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from wagtail.models import Locale, Page
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
