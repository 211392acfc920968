"""Content endpoints. Views are wiring: parameters, a selector, a renderer."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework.request import Request
from rest_framework.serializers import Serializer
from rest_framework.views import APIView
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from api.caching import Rendered, cached_response, kept_count
from api.pagination import LimitOffsetPagination, paginated
from api.params import PaginationParams, parse
from api.schema import problems
from content import selectors
from core.locales import (
    default_language,
    direction,
    fallback_chain,
    languages_payload,
    split_prefix,
)
from core.models import SiteSettings
from core.site_text import site_text
from core.visibility import public_only
from syndication.feeds import feed_list, feed_tags

from . import languages
from . import params as p
from .context import site_for
from .images import prefetch_specs, render_image
from .languages import LocaleParams
from .pages import PageSet
from .serializers import (
    PAGE_SERIALIZERS,
    ImageSerializer,
    NavigationSerializer,
    RedirectSerializer,
    ResolvedRedirectSerializer,
    SitemapEntrySerializer,
    SiteSerializer,
    page_type_name,
    page_types,
)


def _site(request: HttpRequest) -> Site:
    return site_for(request)


def page_union(
    *, many: bool = False, list_item: bool = False
) -> PolymorphicProxySerializer:
    serializers: dict[str, Serializer | type[Serializer]] = {}
    for model, serializer in PAGE_SERIALIZERS.items():
        if list_item:
            serializer = type(
                serializer.__name__.replace("Serializer", "ListItemSerializer"),
                (serializer,),
                {"__module__": serializer.__module__},
            )
        serializers[page_type_name(model)] = serializer
    return PolymorphicProxySerializer(
        component_name="PageListItem" if list_item else "Page",
        serializers=serializers,
        resource_type_field_name="type",
        many=many,
    )


def _page_set(
    request: Request,
    query: dict[str, Any] | None = None,
    *,
    fields: set[str] | None = None,
    cards: bool = False,
) -> PageSet:
    """The request's pages, with the renditions its parsed `query` asks for."""
    return PageSet(
        site=_site(request),
        user=request.user,
        renditions=p.renditions(query or {}),
        fields=fields,
        cards=cards,
    )


def _last_modified(pages: list[Page]) -> Any:
    stamps = [page.last_published_at for page in pages if page.last_published_at]
    return max(stamps) if stamps else None


class PageListView(APIView):
    """Published pages of the site, filtered, searched and paginated."""

    @extend_schema(
        operation_id="pages_list",
        tags=["pages"],
        parameters=[p.PageListParams],
        responses={
            200: paginated("Page", page_union(many=True, list_item=True)),
            **problems(400),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        # Parameters are validated on a cache miss only: an entry exists only
        # for a query string that validated when it was built.
        def build() -> Rendered:
            query = parse(p.PageListParams, request)
            # Without `fields`, the default ones and each type's card fields.
            page_set = _page_set(
                request,
                query,
                fields=query.get("fields", set(p.DEFAULT_LIST_FIELDS)),
                cards="fields" not in query,
            )
            types = page_types()
            names = query.get("type") or list(types)
            results = page_set.listing(query, [types[name] for name in names])
            # Search results also depend on the index, which Wagtail updates
            # in a background task after the publish.
            searched = {"search"} if "search" in query else set()
            paginator = LimitOffsetPagination(
                count=kept_count(request, deps={"pages", *searched})
            )
            base_pages = paginator.paginate_queryset(results, request)
            pages = list(base_pages)
            data = paginator.envelope(page_set.render(pages))
            return Rendered(
                data=data,
                deps={*page_set.resolver.deps, "pages", *searched},
                last_modified=_last_modified(pages),
                expires_at=page_set.expires_at,
            )

        return cached_response(request, build)


class DetailParams(p.RenditionsParams, LocaleParams):
    pass


LANGUAGE_HEADERS = [
    OpenApiParameter(
        "Accept-Language",
        str,
        location=OpenApiParameter.HEADER,
        required=False,
        description="Languages wanted, as browsers send them; `?locale=` wins.",
    )
]


def _in_language(
    request: Request, page_set: PageSet, page: Page, want: languages.Wanted
) -> Rendered:
    """`page` in the language wanted, or the next of the chain, saying which."""
    page, fallback = languages.choose(page_set, page, want)
    data = languages.stamp(page_set.render_one(page), want=want, fallback=fallback)
    return Rendered(
        data=data,
        deps={*page_set.resolver.deps, languages_dep(page)},
        last_modified=page.last_published_at,
        expires_at=page_set.expires_at,
        headers={**languages.headers(data), "Vary": "Accept-Language"},
    )


def languages_dep(page: Page) -> str:
    from .pages import translations_dep

    return translations_dep(page.translation_key)


class PageDetailView(APIView):
    """One published page, with every typed field and its body, in a language."""

    @extend_schema(
        operation_id="pages_retrieve",
        tags=["pages"],
        parameters=[DetailParams, *LANGUAGE_HEADERS],
        responses={200: page_union(), **problems(400, 404)},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        def build() -> Rendered:
            query = parse(DetailParams, request)
            page_set = _page_set(request, query)
            base = page_set.typed().filter(pk=pk).first()
            if base is None:
                raise Http404
            return _in_language(
                request, page_set, base, languages.wanted(request, query=query)
            )

        return cached_response(request, build)


class ResolveParams(p.RenditionsParams, LocaleParams):
    path = p.serializers.CharField(
        max_length=2000,
        help_text="The frontend path, e.g. `/international/representation/ifla/`; "
        "a language prefix (`/fr/...`) asks for that language.",
    )


class PageResolveView(APIView):
    """A page by its frontend path, or the redirect that applies to the path."""

    @extend_schema(
        operation_id="pages_resolve",
        tags=["pages"],
        parameters=[
            ResolveParams,
            *LANGUAGE_HEADERS,
            OpenApiParameter(
                "path",
                {"type": "string", "minLength": 1, "maxLength": 2000},
                required=True,
                description=str(ResolveParams().fields["path"].help_text),
                examples=[
                    OpenApiExample("A page", value="/international/"),
                    OpenApiExample("A redirect", value="/old-international/"),
                ],
            ),
        ],
        examples=[
            OpenApiExample(
                "A redirect",
                summary="The path moved: follow `location`",
                value={
                    "redirect": {
                        "old_path": "/old-international",
                        "location": "/international/",
                        "permanent": True,
                    }
                },
                response_only=True,
                status_codes=["200"],
            ),
        ],
        responses={
            200: PolymorphicProxySerializer(
                component_name="ResolveResult",
                serializers=[page_union(), ResolvedRedirectSerializer],
                resource_type_field_name=None,
            ),
            **problems(400, 404),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            query = parse(ResolveParams, request)
            path = "/" + query["path"].strip().strip("/") + "/"
            path = "/" if path == "//" else path
            page_set = _page_set(request, query)
            site = page_set.site
            want = languages.wanted(request, query=query, prefix=split_prefix(path)[0])
            base = selectors.page_at_path(
                page_set.typed(),
                site=site,
                path=path,
                chain=want.chain,
            )
            if base is not None:
                rendered = _in_language(request, page_set, base, want)
                rendered.deps.add("pages")
                return rendered
            found = selectors.redirect_at(site, path)
            redirect = _redirect_payload(
                found,
                page_set,
                _page_paths(page_set, {found.redirect_page_id} - {None})
                if found
                else {},
            )
            if redirect is None:
                raise Http404("No page or redirect at this path.")
            return Rendered(data={"redirect": redirect}, deps={"pages", "redirects"})

        return cached_response(request, build)


def _redirect_location(
    redirect: Redirect, page_set: PageSet, page_paths: dict[int, str]
) -> str | None:
    if redirect.redirect_page_id:
        return page_paths.get(redirect.redirect_page_id)
    return redirect.redirect_link or None


def _page_paths(page_set: PageSet, ids: set[int]) -> dict[int, str]:
    rows = page_set.queryset().filter(pk__in=ids).values_list("pk", "url_path")
    return {pk: page_set.resolver.path_of(url_path) for pk, url_path in rows}


def _redirect_payload(
    redirect: Redirect | None, page_set: PageSet, page_paths: dict[int, str]
) -> dict[str, Any] | None:
    location = _redirect_location(redirect, page_set, page_paths) if redirect else None
    if redirect is None or location is None:
        return None
    return {
        "old_path": redirect.old_path,
        "location": location,
        "permanent": redirect.is_permanent,
    }


class NavigationView(APIView):
    """The menu: pages marked 'show in menus', as a tree from the home page.

    The tree is the default language's; with `?locale=`, each item is its
    translation along the fallback chain (`locale` on each item says which).
    """

    @extend_schema(
        operation_id="navigation_retrieve",
        tags=["site"],
        parameters=[LocaleParams],
        responses={200: NavigationSerializer, **problems(400)},
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            query = parse(LocaleParams, request)
            locale = query.get("locale") or default_language()
            page_set = _page_set(request)
            menu = selectors.menu(
                page_set.queryset(), site=page_set.site, locale=locale
            )
            types = {
                model.__name__.lower(): page_type_name(model)
                for model in PAGE_SERIALIZERS
            }
            stamps = []

            def node(item: selectors.MenuItem) -> dict[str, Any]:
                if item.last_published_at:
                    stamps.append(item.last_published_at)
                path = page_set.resolver.path_of(item.url_path)
                return {
                    "id": item.id,
                    "type": types.get(item.model_name, item.model_name),
                    "title": item.title,
                    "path": path,
                    "url": _frontend(path),
                    "locale": item.locale,
                    "children": [node(child) for child in item.children],
                }

            items = [node(item) for item in menu]
            return Rendered(
                data={"locale": locale, "items": items},
                deps={"pages"},
                last_modified=max(stamps) if stamps else None,
                headers={"Content-Language": locale},
            )

        return cached_response(request, build)


def _frontend(path: str) -> str:
    from django.conf import settings

    return settings.FRONTEND_BASE_URL + path


class SiteParams(LocaleParams, p.RenditionsParams):
    pass


class SiteView(APIView):
    """Site-wide data: name, contact details, social links, membership call to action."""

    @extend_schema(
        operation_id="site_retrieve",
        tags=["site"],
        parameters=[SiteParams],
        responses={200: SiteSerializer, **problems(400)},
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            query = parse(SiteParams, request)
            want = languages.wanted(request, query=query)
            locale = want.requested or default_language()
            page_set = _page_set(request, query)
            site = page_set.site
            home_id = selectors.home_page_id(
                page_set.queryset(), site=site, chain=fallback_chain([locale])
            )
            settings_obj = SiteSettings.for_site(site)
            from django.conf import settings

            from .refs import PageRef

            text, served = site_text(
                settings=settings_obj,
                name=site.site_name or settings.WAGTAIL_SITE_NAME,
                chain=want.chain,
            )
            data = {
                "name": text["name"],
                "tagline": text["tagline"],
                "footer_text": text["footer_text"],
                "text_locale": served,
                "requested_locale": want.requested,
                "fallback": want.requested is not None and served != want.requested,
                "frontend_url": settings.FRONTEND_BASE_URL,
                "locale": locale,
                "direction": direction(locale),
                "languages": languages_payload(),
                "home": PageRef(home_id),
                "contact": {
                    "email": settings_obj.contact_email,
                    "phone": settings_obj.contact_phone,
                    "postal_address": text["postal_address"],
                    "page": PageRef(settings_obj.contact_page_id)
                    if settings_obj.contact_page_id
                    else None,
                },
                "social_links": [
                    dict(block.value) for block in settings_obj.social_links
                ],
                "membership_call_to_action": {
                    "heading": text["membership_cta_heading"],
                    "text": text["membership_cta_text"],
                    "label": text["membership_cta_label"],
                    "page": PageRef(settings_obj.membership_cta_page_id)
                    if settings_obj.membership_cta_page_id
                    else None,
                },
            }
            data = page_set.resolver.resolve(data)
            # The tag feeds listed change with the pages published.
            data["feeds"] = feed_list(tags=feed_tags(site=site), locale=locale)
            return Rendered(
                data=data,
                deps={*page_set.resolver.deps, "settings", "pages"},
                headers={"Content-Language": served, "Vary": "Accept-Language"},
            )

        return cached_response(request, build)


def _sitemap_entries(page_set: PageSet) -> Any:
    return (
        page_set.typed()
        .order_by("path")
        .values_list(
            "pk",
            "path",
            "url_path",
            "content_type__model",
            "last_published_at",
            "translation_key",
            "locale__language_code",
        )
    )


class SitemapView(APIView):
    """Every published path, for static generation and search engines."""

    @extend_schema(
        operation_id="sitemap_list",
        tags=["site"],
        parameters=[PaginationParams],
        responses={
            200: paginated("SitemapEntry", SitemapEntrySerializer(many=True)),
            **problems(400),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            parse(PaginationParams, request)
            page_set = _page_set(request)
            paginator = LimitOffsetPagination()
            rows = paginator.paginate_queryset(_sitemap_entries(page_set), request)
            types = {
                model.__name__.lower(): page_type_name(model)
                for model in PAGE_SERIALIZERS
            }
            results = []
            alternates = page_set.translations_by_key({row[5] for row in rows})
            for pk, path, url_path, model_name, lastmod, key, code in rows:
                page_path = page_set.resolver.path_of(url_path)
                results.append(
                    {
                        "id": pk,
                        "type": types.get(model_name, model_name),
                        "path": page_path,
                        "url": _frontend(page_path),
                        "lastmod": lastmod.isoformat() if lastmod else None,
                        "access": page_set.access.level(path),
                        "locale": code,
                        "alternates": alternates[key],
                    }
                )
            data = paginator.envelope(results)
            return Rendered(data=data, deps={"pages"})

        return cached_response(request, build)


def sitemap_xml(request: HttpRequest) -> HttpResponse:
    """`/sitemap.xml` with every published page on the frontend host."""
    from xml.sax.saxutils import escape

    from django.contrib.auth.models import AnonymousUser

    def build() -> Rendered:
        page_set = PageSet(site=_site(request), user=AnonymousUser(), renditions=[])
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        ]
        rows = list(_sitemap_entries(page_set))
        alternates = page_set.translations_by_key({row[5] for row in rows})
        default = default_language()
        for _, _, url_path, _, lastmod, key, _ in rows:
            loc = escape(_frontend(page_set.resolver.path_of(url_path)))
            mod = f"<lastmod>{lastmod.date().isoformat()}</lastmod>" if lastmod else ""
            links = ""
            versions = alternates[key]
            if len(versions) > 1:
                # Google's rule: every version lists all, itself included.
                links = "".join(
                    f'<xhtml:link rel="alternate" hreflang="{v["locale"]}" '
                    f'href="{escape(v["url"])}"/>'
                    for v in versions
                )
                fallback = next((v for v in versions if v["locale"] == default), None)
                if fallback is not None:
                    links += (
                        '<xhtml:link rel="alternate" hreflang="x-default" '
                        f'href="{escape(fallback["url"])}"/>'
                    )
            lines.append(f"<url><loc>{loc}</loc>{mod}{links}</url>")
        lines.append("</urlset>")
        return Rendered(data="\n".join(lines), deps={"pages"})

    request.user = AnonymousUser()  # the sitemap is the same for everyone
    return cached_response(
        request,
        build,
        content_type="application/xml",
        render=lambda text: text.encode(),
    )


class RedirectListView(APIView):
    """Redirects editors set up, for frontends that apply them at the edge."""

    @extend_schema(
        operation_id="redirects_list",
        tags=["site"],
        parameters=[PaginationParams],
        responses={
            200: paginated("Redirect", RedirectSerializer(many=True)),
            **problems(400),
        },
    )
    def get(self, request: Request) -> HttpResponse:
        def build() -> Rendered:
            parse(PaginationParams, request)
            page_set = _page_set(request)
            paginator = LimitOffsetPagination()
            redirects = paginator.paginate_queryset(
                selectors.site_redirects(page_set.site), request
            )
            paths = _page_paths(
                page_set, {r.redirect_page_id for r in redirects if r.redirect_page_id}
            )
            results = [
                payload
                for redirect in redirects
                if (payload := _redirect_payload(redirect, page_set, paths))
            ]
            data = paginator.envelope(results)
            return Rendered(data=data, deps={"redirects", "pages"})

        return cached_response(request, build)


class ImageDetailView(APIView):
    """One image with the renditions asked for."""

    @extend_schema(
        operation_id="images_retrieve",
        tags=["images"],
        parameters=[p.RenditionsParams],
        responses={200: ImageSerializer, **problems(400, 404)},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        def build() -> Rendered:
            names = p.renditions(parse(p.RenditionsParams, request))
            image = (
                public_only(get_image_model().objects.filter(pk=pk))
                .prefetch_renditions(*prefetch_specs(names))
                .first()
            )
            if image is None:
                raise Http404
            return Rendered(
                data=render_image(image, names=names),
                deps={f"image:{pk}"},
                last_modified=image.created_at,
            )

        return cached_response(request, build)
