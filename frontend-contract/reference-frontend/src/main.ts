// The app: a layout (navigation, footer) and two routes.
//   /preview/?content_type=&token=  the draft an editor is previewing
//   anything else                   the page at that path, via pages/resolve/

import { ApiError, api, loadConfig } from "./api";
import { h, lines } from "./dom";
import { applyLanguage, fallbackNotice, languageSwitcher, setLanguages } from "./language";
import { renderPage } from "./pages";
import type { Navigation, NavigationItem, Page, Site } from "./types";
import "./style.css";

const MAX_REDIRECTS = 5;

const main = h("main", { id: "content", tabindex: "-1" });
const header = h("header", { class: "site-header" });
const footer = h("footer", { class: "site-footer" });

async function start(): Promise<void> {
  document.body.replaceChildren(
    h("a", { class: "skip-link", href: "#content" }, "Skip to content"),
    header,
    main,
    footer,
  );
  await loadConfig();
  // The languages (codes, names, text direction) before the first page.
  try {
    setLanguages((await api.site()).languages);
  } catch (error) {
    console.warn("Could not load the site's languages", error);
  }
  document.addEventListener("click", followInternalLinks);
  window.addEventListener("popstate", () => void route());
  await route();
}

async function route(): Promise<void> {
  const { pathname, search } = window.location;
  main.setAttribute("aria-busy", "true");
  try {
    if (pathname === "/preview" || pathname === "/preview/") {
      await showPreview(new URLSearchParams(search));
    } else {
      await showPath(pathname);
    }
  } catch (error) {
    showError(error);
  } finally {
    main.removeAttribute("aria-busy");
    document.body.dataset.ready = "true"; // lets tests and crawlers know rendering is done
  }
}

async function showPath(path: string, hops = 0): Promise<void> {
  const result = await api.resolve(path);
  if ("redirect" in result) {
    const location = result.redirect.location;
    const target = new URL(location, window.location.origin);
    if (target.origin !== window.location.origin) {
      window.location.replace(target.href);
      return;
    }
    if (hops >= MAX_REDIRECTS) throw new Error("Too many redirects");
    history.replaceState(null, "", target.pathname + target.search + target.hash);
    await showPath(target.pathname, hops + 1);
    return;
  }
  showPage(result);
}

async function showPreview(params: URLSearchParams): Promise<void> {
  const contentType = params.get("content_type") ?? "";
  const token = params.get("token") ?? "";
  const page = await api.preview(contentType, token);
  showPage(page, { preview: true });
}

let chromeLocale: string | null = null;

/** Site chrome in the language asked for; a failure there never hides the page. */
function loadChrome(locale: string): void {
  if (locale === chromeLocale) return;
  chromeLocale = locale;
  void Promise.all([api.site(locale), api.navigation(locale)])
    .then(([site, navigation]) => renderChrome(site, navigation))
    .catch((error) => console.warn("Could not load the site chrome", error));
}

function showPage(page: Page, { preview = false } = {}): void {
  applyLanguage(page.meta.locale);
  loadChrome(page.meta.requested_locale ?? page.meta.locale);
  document.title = `${preview ? "Preview: " : ""}${page.meta.seo_title || page.title}`;
  setMeta("description", page.meta.search_description || page.summary);
  setMeta("robots", preview ? "noindex" : null);
  document.body.classList.toggle("is-preview", preview);
  main.replaceChildren(
    preview
      ? h(
          "div",
          { class: "preview-banner", role: "status" },
          h("strong", {}, "Preview"),
          " This is an unpublished draft. Only people with the preview link can see it.",
        )
      : "",
    fallbackNotice(page),
    languageSwitcher(page),
    renderPage(page),
  );
  markCurrentNavigation(page.meta.path);
}

function showError(error: unknown): void {
  const notFound = error instanceof ApiError && error.status === 404;
  document.title = notFound ? "Page not found" : "Something went wrong";
  main.replaceChildren(
    h(
      "article",
      {
        class: "page page-error",
        "data-error-status": error instanceof ApiError ? error.status : "network",
      },
      h("h1", {}, notFound ? "Page not found" : "Something went wrong"),
      h(
        "p",
        {},
        notFound
          ? "There is nothing at this address, or the preview link has expired."
          : "The content could not be loaded. Please try again in a moment.",
      ),
      h("p", {}, h("a", { href: "/" }, "Go to the home page")),
    ),
  );
  if (!notFound) console.error(error);
}

// --- chrome ------------------------------------------------------------------------

function renderChrome(site: Site, navigation: Navigation): void {
  const navItem = (item: NavigationItem): HTMLElement =>
    h(
      "li",
      {},
      h("a", { href: item.path, "data-path": item.path }, item.title),
      item.children.length > 0 && h("ul", {}, item.children.map(navItem)),
    );
  header.setAttribute("lang", site.locale);
  header.setAttribute("dir", site.direction);
  header.replaceChildren(
    h("a", { class: "site-name", href: site.home?.path ?? "/" }, site.name),
    h("nav", { "aria-label": "Main" }, h("ul", { class: "menu" }, navigation.items.map(navItem))),
  );

  const { contact, social_links, membership_call_to_action: cta } = site;
  footer.replaceChildren(
    cta.heading
      ? h(
          "section",
          { class: "footer-cta" },
          h("h2", {}, cta.heading),
          cta.text && h("p", {}, cta.text),
          cta.page && h("a", { class: "button", href: cta.page.path }, cta.label || cta.page.title),
        )
      : "",
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
    h(
      "ul",
      { class: "social" },
      social_links.map((link) =>
        h("li", {}, h("a", { href: link.url, rel: "external me" }, link.label || link.platform)),
      ),
    ),
  );
  markCurrentNavigation(window.location.pathname);
}

function markCurrentNavigation(path: string): void {
  for (const link of header.querySelectorAll<HTMLAnchorElement>("a[data-path]")) {
    if (link.dataset.path === path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function setMeta(name: string, content: string | null): void {
  let meta = document.head.querySelector<HTMLMetaElement>(`meta[name="${name}"]`);
  if (content === null) {
    meta?.remove();
    return;
  }
  if (!meta) {
    meta = h("meta", { name }) as HTMLMetaElement;
    document.head.append(meta);
  }
  meta.content = content;
}

/** Same-origin links (rich text links are frontend URLs too) route without a reload. */
function followInternalLinks(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a");
  if (!link || link.target || link.hasAttribute("download")) return;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  event.preventDefault();
  if (url.pathname + url.search !== window.location.pathname + window.location.search) {
    history.pushState(null, "", url.pathname + url.search + url.hash);
    window.scrollTo(0, 0);
  }
  void route().then(() => main.focus({ preventScroll: true }));
}

void start();
