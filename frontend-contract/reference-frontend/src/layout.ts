// The page around the content: <head> tags (title, description, canonical,
// Open Graph, Twitter, hreflang), the site header and footer, the preview
// banner and the error page. Shared by the server (whole documents) and the
// browser (the parts it swaps when it navigates).

import type { Page } from "../../src/client";
import { fragment, h, type Html, lines } from "./html";
import { alternates, direction, fallbackNotice, type Language, languageSwitcher } from "./language";
import type { Chrome, Rendition } from "./load";
import { renderPage } from "./pages";

/** What the head and the content need to know of the site (a `Site` has both). */
export interface SiteInfo {
  name: string;
  languages: Language[];
}

export type View =
  | { kind: "page"; page: Page; preview: boolean; socialImage: Rendition | null }
  | { kind: "error"; status: number };

/** Marks the <head> elements a navigation replaces. */
const HEAD = { "data-head": true } as const;

// Pages shown as articles in link previews; the rest (home, hubs, indexes) are websites.
const ARTICLE_TYPES = new Set<Page["type"]>([
  "standard",
  "strategy_update",
  "representation",
  "solidarity_statement",
  "programme",
  "award",
  "event",
  "grant_scheme",
]);

export function title(view: View): string {
  if (view.kind === "error") return errorText(view.status).title;
  const { page, preview } = view;
  return `${preview ? "Preview: " : ""}${page.meta.seo_title || page.title}`;
}

/** The <head> tags of a view, each marked `data-head`. */
export function headTags(view: View, site: SiteInfo | null): Html {
  if (view.kind === "error") {
    return fragment(
      h("title", HEAD, title(view)),
      h("meta", { ...HEAD, name: "robots", content: "noindex" }),
    );
  }
  const { page, preview, socialImage } = view;
  const description = page.meta.search_description || page.summary;
  const languages = site?.languages ?? [];
  const image = socialImage && page.listing_image;
  const meta = (property: string, content: string | number | null | undefined) =>
    content === null || content === undefined || content === ""
      ? null
      : h("meta", { ...HEAD, property, content });
  const named = (name: string, content: string | null | undefined) =>
    content ? h("meta", { ...HEAD, name, content }) : null;
  const article = ARTICLE_TYPES.has(page.type);
  return fragment(
    h("title", HEAD, title(view)),
    named("description", description),
    preview
      ? named("robots", "noindex")
      : [
          h("link", { ...HEAD, rel: "canonical", href: page.meta.url }),
          alternates(page, languages, HEAD),
        ],
    meta("og:type", article ? "article" : "website"),
    meta("og:title", page.meta.seo_title || page.title),
    meta("og:description", description),
    meta("og:url", page.meta.url),
    meta("og:site_name", site?.name),
    meta("og:locale", ogLocale(page.meta.locale)),
    (page.meta.translations ?? [])
      .filter((version) => version.locale !== page.meta.locale)
      .map((version) => meta("og:locale:alternate", ogLocale(version.locale))),
    image && [
      meta("og:image", socialImage.url),
      meta("og:image:width", socialImage.width),
      meta("og:image:height", socialImage.height),
      meta("og:image:alt", image.alt),
    ],
    article && [
      meta("article:published_time", page.meta.first_published_at),
      meta("article:modified_time", page.meta.last_published_at),
      page.tags.map((tag) => meta("article:tag", tag)),
    ],
    named("twitter:card", image ? "summary_large_image" : "summary"),
    named("twitter:title", page.meta.seo_title || page.title),
    named("twitter:description", description),
    image && [named("twitter:image", socialImage.url), named("twitter:image:alt", image.alt)],
  );
}

/** Open Graph wants `language_TERRITORY`; a bare language is what we know. */
function ogLocale(code: string): string {
  return code.replace("-", "_");
}

/** The language and direction of the document. */
export function documentLanguage(view: View, languages: Language[]): { lang: string; dir: string } {
  const lang = view.kind === "page" ? view.page.meta.locale : "en";
  return { lang, dir: direction(languages, lang) };
}

/** Everything inside <main>. */
export function mainContent(view: View, site: SiteInfo | null): Html {
  if (view.kind === "error") return errorArticle(view.status);
  const { page, preview } = view;
  const languages = site?.languages ?? [];
  return fragment(
    preview &&
      h(
        "div",
        { class: "preview-banner", role: "status" },
        h("strong", {}, "Preview"),
        " This is an unpublished draft. Only people with the preview link can see it.",
      ),
    fallbackNotice(page, languages),
    languageSwitcher(page, languages),
    renderPage(page),
  );
}

function errorText(status: number): { title: string; text: string } {
  if (status === 404) {
    return {
      title: "Page not found",
      text: "There is nothing at this address, or the preview link has expired.",
    };
  }
  if (status === 400) {
    return { title: "Bad request", text: "This address is not one this site can show." };
  }
  return {
    title: "Something went wrong",
    text: "The content could not be loaded. Please try again in a moment.",
  };
}

function errorArticle(status: number): Html {
  const { title: heading, text } = errorText(status);
  return h(
    "article",
    { class: "page page-error", "data-error-status": status },
    h("h1", {}, heading),
    h("p", {}, text),
    h("p", {}, h("a", { href: "/" }, "Go to the home page")),
  );
}

/** The inside of <header>: the site's name and its menu, the current page marked. */
export function headerContent(chrome: Chrome | null, currentPath: string): Html {
  if (!chrome) return h("a", { class: "site-name", href: "/" }, "Home");
  const { site, navigation } = chrome;
  const item = (node: Chrome["navigation"]["items"][number]): Html =>
    h(
      "li",
      {},
      h(
        "a",
        {
          href: node.path,
          "data-path": node.path,
          "aria-current": node.path === currentPath ? "page" : null,
        },
        node.title,
      ),
      node.children.length > 0 && h("ul", {}, node.children.map(item)),
    );
  return fragment(
    h("a", { class: "site-name", href: site.home?.path ?? "/" }, site.name),
    h("nav", { "aria-label": "Main" }, h("ul", { class: "menu" }, navigation.items.map(item))),
  );
}

/** The inside of <footer>: membership call to action, contact details, social links. */
export function footerContent(chrome: Chrome | null): Html {
  if (!chrome) return fragment();
  const { site } = chrome;
  const { contact, social_links, membership_call_to_action: cta } = site;
  return fragment(
    cta.heading &&
      h(
        "section",
        { class: "footer-cta" },
        h("h2", {}, cta.heading),
        cta.text && h("p", {}, cta.text),
        cta.page && h("a", { class: "button", href: cta.page.path }, cta.label || cta.page.title),
      ),
    h(
      "address",
      {},
      h("strong", {}, site.name),
      contact.postal_address && h("p", {}, lines(contact.postal_address)),
      contact.email && h("p", {}, h("a", { href: `mailto:${contact.email}` }, contact.email)),
      contact.phone &&
        h("p", {}, h("a", { href: `tel:${contact.phone.replace(/\s/g, "")}` }, contact.phone)),
      contact.page && h("p", {}, h("a", { href: contact.page.path }, contact.page.title)),
    ),
    site.footer_text && h("p", { class: "footer-text" }, site.footer_text),
    h(
      "ul",
      { class: "social" },
      social_links.map((link) =>
        h("li", {}, h("a", { href: link.url, rel: "external me" }, link.label || link.platform)),
      ),
    ),
  );
}

/** Attributes of <header>: the chrome's own language, which may differ from the page's. */
export function headerAttrs(chrome: Chrome | null): { lang?: string; dir?: string } {
  return chrome ? { lang: chrome.site.locale, dir: chrome.site.direction } : {};
}

/** The whole <body>: skip link, header, main (empty without a view yet), footer. */
export function bodyContent(view: View | null, chrome: Chrome | null, currentPath: string): Html {
  return fragment(
    h("a", { class: "skip-link", href: "#content" }, "Skip to content"),
    h(
      "header",
      { class: "site-header", ...headerAttrs(chrome) },
      headerContent(chrome, currentPath),
    ),
    h("main", { id: "content", tabindex: "-1" }, view && mainContent(view, chrome?.site ?? null)),
    h("footer", { class: "site-footer" }, footerContent(chrome)),
  );
}
