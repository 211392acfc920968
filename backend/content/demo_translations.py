"""Demo translations: French and Spanish versions of the hub and a few
statements, the hub in Arabic, and everything else left in English so that
the API's fallback (`meta.fallback`) has something to show. Some snippets
the translated pages show (IFLA, the ICRC, the hub's testimonial, the
president) and the site's text are translated too; IFLA has no Arabic
version, so the Arabic hub shows it in French, along the chain.

Translations are made as an editor's would be: Wagtail's
`copy_for_translation` (what wagtail-localize's "Translate" action calls),
then the translated fields, then a publish (`core.demo.load`).
"""

from core.demo_loader import Record, Translation, locale, page, ref

# Path below the home page -> title, summary, and the first paragraph's text.
PageText = tuple[str, str, str | None]

PAGES: dict[str, dict[str, PageText]] = {
    "fr": {
        "": ("Accueil", "L'association et son travail international.", None),
        "international": (
            "International",
            "Une profession mondiale aux valeurs partagées : comment l'association "
            "travaille avec les bibliothèques et les collègues à l'étranger.",
            "Le travail des bibliothèques et de l'information est une profession "
            "mondiale, et l'association prend une part active à la communauté "
            "internationale.",
        ),
        "international/recovery-and-relief": (
            "Reconstruction et secours internationaux",
            "Aux côtés des collègues à l'étranger quand un conflit ou une "
            "catastrophe menace les services, les collections ou les personnes.",
            None,
        ),
        "international/recovery-and-relief/ukraine": (
            "Solidarité avec les bibliothèques d'Ukraine",
            "Nous soutenons les bibliothécaires d'Ukraine dont les services, les "
            "collections et la sécurité sont menacés par la guerre.",
            "Nous soutenons les bibliothécaires d'Ukraine dont les services, les "
            "collections et la sécurité sont menacés par la guerre.",
        ),
        "international/recovery-and-relief/beirut-explosion": (
            "Explosion du port de Beyrouth : aux côtés des bibliothèques libanaises",
            "Après l'explosion du port de Beyrouth, nous soutenons les "
            "bibliothèques et les archives qui réparent bâtiments et collections.",
            "Après l'explosion du port de Beyrouth, nous soutenons les "
            "bibliothèques et les archives qui réparent bâtiments et collections.",
        ),
    },
    "es": {
        "": ("Inicio", "La asociación y su trabajo internacional.", None),
        "international": (
            "Internacional",
            "Una profesión global con valores compartidos: cómo trabaja la "
            "asociación con bibliotecas y colegas en el extranjero.",
            "El trabajo bibliotecario y de información es una profesión global, y "
            "la asociación participa activamente en la comunidad internacional.",
        ),
        "international/recovery-and-relief": (
            "Recuperación y ayuda internacional",
            "Junto a los colegas en el extranjero cuando un conflicto o un desastre "
            "pone en riesgo servicios, colecciones o personas.",
            None,
        ),
        "international/recovery-and-relief/ukraine": (
            "Solidaridad con las bibliotecas de Ucrania",
            "Apoyamos a los trabajadores de bibliotecas de Ucrania cuyos servicios, "
            "colecciones y seguridad están amenazados por la guerra.",
            "Apoyamos a los trabajadores de bibliotecas de Ucrania cuyos servicios, "
            "colecciones y seguridad están amenazados por la guerra.",
        ),
    },
    "ar": {
        "": ("الرئيسية", "الجمعية وعملها الدولي.", None),
        "international": (
            "العمل الدولي",
            "مهنة عالمية ذات قيم مشتركة: كيف تعمل الجمعية مع المكتبات والزملاء في الخارج.",
            "العمل في المكتبات والمعلومات مهنة عالمية، وتشارك الجمعية بنشاط في "
            "المجتمع الدولي.",
        ),
    },
}


# The English record's key -> language -> the translated fields.
SNIPPETS: dict[str, dict[str, dict[str, str]]] = {
    "org:IFLA": {
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
    "org:ICRC": {
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
    "person:president": {
        "fr": {"role": "Président (2018)", "institution": "L'association"},
        "es": {"role": "Presidente (2018)", "institution": "La asociación"},
        "ar": {"name": "أيوب خان", "role": "الرئيس (2018)", "institution": "الجمعية"},
    },
    "testimonial": {
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
TEXTS: dict[str, dict[str, str]] = {
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

# Parents first: a page's translation goes under its parent's translation.
TRANSLATIONS = [
    *(
        Translation(
            page(path),
            code,
            {
                "title": title,
                "summary": summary,
                **({"body": {0: ("paragraph", f"<p>{text}</p>")}} if text else {}),
            },
        )
        for code, pages in PAGES.items()
        for path, (title, summary, text) in sorted(
            pages.items(), key=lambda item: item[0].count("/") + bool(item[0])
        )
    ),
    *(
        Translation(ref(key), code, fields)
        for key, languages in SNIPPETS.items()
        for code, fields in languages.items()
    ),
]

SITE_TEXT = [
    Record(
        "core.SiteText",
        lookup={"settings": ref("site-settings"), "locale": locale(code)},
        fields=fields,
    )
    for code, fields in TEXTS.items()
]
