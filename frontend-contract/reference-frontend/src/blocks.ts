// StreamField renderers: one function per block type, chosen by the block's
// `type`. The `switch` statements are exhaustive: when the API gains a block
// type and types.ts learns it, `tsc` fails here until it has a renderer.

import { h, richText } from "./dom";
import type {
  BodyBlock,
  BodyBlockChild,
  EventProgrammeBlock,
  Image,
  LinkBlock,
  Organisation,
  PageLink,
  Person,
  QuestionsBlock,
  TableBlock,
  Testimonial,
} from "./types";

// --- shared pieces -----------------------------------------------------------------

/** A responsive <img> from the API's renditions; `alt` "" marks it decorative. */
export function image(
  img: Image | null,
  { alt = img?.alt ?? "", sizes = "(min-width: 60rem) 60rem, 100vw", rendition = "medium" } = {},
): HTMLElement | null {
  if (!img) return null;
  const src = img.renditions[rendition] ?? Object.values(img.renditions)[0];
  return h("img", {
    src: src?.url,
    srcset: img.srcset || null,
    sizes: img.srcset ? sizes : null,
    width: src?.width ?? img.width,
    height: src?.height ?? img.height,
    alt,
    loading: "lazy",
    decoding: "async",
  });
}

/** A link to a page: its frontend path, so the router handles it without a reload. */
export function pageHref(page: { path: string }): string {
  return page.path;
}

export function linkHref(link: LinkBlock): string | null {
  return link.page ? pageHref(link.page) : link.url || null;
}

export function organisation(org: Organisation | null): HTMLElement | null {
  if (!org) return null;
  const name = org.short_name ? `${org.name} (${org.short_name})` : org.name;
  return h(
    "div",
    { class: "organisation" },
    image(org.logo, { alt: `${org.name} logo`, rendition: "small", sizes: "10rem" }),
    h("div", {}, org.url ? h("a", { href: org.url, rel: "external" }, name) : name),
    org.country && h("div", { class: "muted" }, org.country.name),
  );
}

export function person(p: Person | null): HTMLElement | null {
  if (!p) return null;
  return h(
    "span",
    { class: "person" },
    image(p.photo, { alt: "", rendition: "thumbnail", sizes: "4rem" }),
    h("strong", {}, p.name),
    [p.role, p.institution].filter(Boolean).length > 0 &&
      h("span", { class: "muted" }, `, ${[p.role, p.institution].filter(Boolean).join(", ")}`),
  );
}

export function pageCard(page: PageLink | null): HTMLElement | null {
  if (!page) return null;
  return h(
    "li",
    { class: "card" },
    image(page.listing_image, { alt: "", rendition: "thumbnail", sizes: "20rem" }),
    h("h3", {}, h("a", { href: pageHref(page) }, page.title)),
    page.summary && h("p", {}, page.summary),
  );
}

export function formatDate(iso: string | null): string {
  if (!iso) return "";
  return new Date(`${iso}T00:00:00`).toLocaleDateString("en-GB", { dateStyle: "long" });
}

export function formatDateTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    dateStyle: "full",
    timeStyle: "short",
    timeZone,
  });
}

export function label(value: string): string {
  const text = value.replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// --- BodyBlock -----------------------------------------------------------------------

export function bodyBlock(stream: BodyBlock | null): HTMLElement {
  return h(
    "div",
    { class: "stream" },
    (stream ?? []).map((child) => {
      const element = bodyBlockChild(child);
      element.dataset.blockType = child.type;
      element.dataset.blockId = child.id;
      return element;
    }),
  );
}

function bodyBlockChild(block: BodyBlockChild): HTMLElement {
  switch (block.type) {
    case "heading":
      return h(block.value.level, { class: "block-heading" }, block.value.text);
    case "paragraph":
      return richText(block.value, "rich-text block-paragraph");
    case "image": {
      const { image: img, alt_text, decorative, caption } = block.value;
      return h(
        "figure",
        { class: "block-image" },
        image(img, { alt: decorative ? "" : alt_text || img?.alt || "" }),
        caption && h("figcaption", {}, caption),
      );
    }
    case "quote":
      return h(
        "figure",
        { class: "block-quote" },
        h("blockquote", {}, h("p", {}, block.value.text)),
        (block.value.attribution || block.value.source) &&
          h(
            "figcaption",
            {},
            block.value.attribution,
            block.value.source && [
              block.value.attribution ? ", " : "",
              h("cite", {}, block.value.source),
            ],
          ),
      );
    case "testimonial":
      return testimonial(block.value);
    case "call_to_action": {
      const { heading, text, link, button_label, style } = block.value;
      const href = linkHref(link);
      return h(
        "aside",
        { class: `block-cta cta-${style}` },
        h("h2", {}, heading),
        text && h("p", {}, text),
        href && h("a", { class: "button", href }, button_label || link.label || "Find out more"),
      );
    }
    case "embed": {
      const embed = block.value;
      if (!embed) return h("div", { class: "block-embed" });
      return h(
        "figure",
        { class: "block-embed" },
        embed.html ? richText(embed.html, "embed") : null,
        h(
          "figcaption",
          {},
          h("a", { href: embed.url, rel: "external" }, embed.title || embed.url),
          embed.provider_name && ` (${embed.provider_name})`,
        ),
      );
    }
    case "document": {
      const doc = block.value.document;
      const title = block.value.title || doc?.title || "Document";
      return h(
        "p",
        { class: "block-document" },
        doc
          ? h(
              "a",
              { href: doc.url, download: "" },
              title,
              h("span", { class: "muted" }, ` (${fileInfo(doc.file_extension, doc.file_size)})`),
            )
          : title,
      );
    }
    case "table":
      return table(block.value);
    case "accordion":
      return h(
        "section",
        { class: "block-accordion" },
        block.value.heading && h("h2", {}, block.value.heading),
        block.value.items.map((item) =>
          h("details", {}, h("summary", {}, item.heading), richText(item.body)),
        ),
      );
    case "key_facts":
      return h(
        "section",
        { class: "block-key-facts" },
        block.value.heading && h("h2", {}, block.value.heading),
        h(
          "dl",
          {},
          block.value.facts.map((fact) =>
            h(
              "div",
              { class: "fact" },
              h("dt", {}, fact.value),
              h("dd", {}, fact.label, fact.description && h("small", {}, fact.description)),
            ),
          ),
        ),
      );
    case "page_links":
      return h(
        "section",
        { class: "block-page-links" },
        block.value.heading && h("h2", {}, block.value.heading),
        h("ul", { class: "cards" }, block.value.pages.map(pageCard)),
      );
    case "organisation_list":
      return h(
        "section",
        { class: "block-organisations" },
        block.value.heading && h("h2", {}, block.value.heading),
        h(
          "ul",
          { class: "organisations" },
          block.value.organisations.map((org) => org && h("li", {}, organisation(org))),
        ),
      );
    default:
      return unknownBlock(block);
  }
}

/** Reached only if the API sends a type this build does not know yet. */
function unknownBlock(block: never): HTMLElement {
  const type = (block as { type?: string }).type;
  console.warn(`No renderer for block type "${type}"`);
  return h("div", { hidden: true, "data-unknown-block": type });
}

function testimonial(value: Testimonial | null): HTMLElement {
  if (!value) return h("div");
  const who = value.attribution || value.person?.name || "";
  return h(
    "figure",
    { class: "block-testimonial" },
    image(value.person?.photo ?? null, { alt: "", rendition: "thumbnail", sizes: "6rem" }),
    h("blockquote", {}, h("p", {}, value.quote)),
    h(
      "figcaption",
      {},
      who && h("strong", {}, who),
      value.institution && [who ? ", " : "", value.institution],
    ),
  );
}

function table(value: TableBlock): HTMLElement {
  return h(
    "div",
    { class: "block-table" },
    h(
      "table",
      {},
      value.caption && h("caption", {}, value.caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          value.columns.map((col) => h("th", { scope: "col" }, col.heading)),
        ),
      ),
      h(
        "tbody",
        {},
        value.rows.map((row) =>
          h(
            "tr",
            {},
            row.map((cell, index) => {
              const kind = value.columns[index]?.type;
              if (kind === "rich_text") return h("td", {}, richText(cell));
              return h("td", { class: kind === "numeric" ? "numeric" : null }, cell ?? "");
            }),
          ),
        ),
      ),
    ),
  );
}

function fileInfo(extension: string, size: number | null): string {
  const kind = extension.toUpperCase();
  if (size === null) return kind;
  const units = ["B", "KB", "MB", "GB"];
  let amount = size;
  let unit = 0;
  while (amount >= 1024 && unit < units.length - 1) {
    amount /= 1024;
    unit += 1;
  }
  return `${kind}, ${amount.toFixed(unit ? 1 : 0)} ${units[unit]}`;
}

// --- EventPage.programme ---------------------------------------------------------------

export function eventProgramme(stream: EventProgrammeBlock | null): HTMLElement | null {
  if (!stream?.length) return null;
  return h(
    "section",
    { class: "programme" },
    h("h2", {}, "Programme"),
    // One block type today ("day"); a new type would need a case like BodyBlock's.
    stream.map((day) =>
      h(
        "div",
        { class: "programme-day", "data-block-type": day.type },
        day.value.date && h("h3", {}, formatDate(day.value.date)),
        h(
          "ol",
          { class: "sessions" },
          day.value.sessions.map((session) =>
            h(
              "li",
              {},
              h(
                "span",
                { class: "time" },
                [session.starts_at, session.ends_at].filter(Boolean).join("–"),
              ),
              h("strong", {}, session.title),
              session.speakers && h("span", { class: "muted" }, ` — ${session.speakers}`),
              session.description && h("p", {}, session.description),
            ),
          ),
        ),
      ),
    ),
  );
}

// --- GrantSchemePage.questions ---------------------------------------------------------

/** The application form's questions, listed so applicants can prepare. */
export function questions(stream: QuestionsBlock | null): HTMLElement | null {
  if (!stream?.length) return null;
  return h(
    "section",
    { class: "questions" },
    h("h2", {}, "What the application asks"),
    h(
      "ol",
      {},
      stream.map((question) => {
        const { label: text, help_text, required } = question.value;
        let detail: string;
        switch (question.type) {
          case "short_text":
            detail = question.value.max_length
              ? `up to ${question.value.max_length} characters`
              : "short answer";
            break;
          case "long_text":
            detail = question.value.word_limit
              ? `up to ${question.value.word_limit} words`
              : "long answer";
            break;
          case "choice":
            detail = `${question.value.allow_multiple ? "choose any" : "choose one"}: ${question.value.choices.join(", ")}`;
            break;
          case "date":
            detail = "a date";
            break;
          case "number": {
            const { min_value, max_value } = question.value;
            detail = ["a number", min_value && `from ${min_value}`, max_value && `to ${max_value}`]
              .filter(Boolean)
              .join(" ");
            break;
          }
          case "file":
            detail = "a file upload";
            break;
          default:
            return unknownBlock(question);
        }
        return h(
          "li",
          { "data-block-type": question.type },
          h("strong", {}, text),
          required ? " (required)" : " (optional)",
          h("span", { class: "muted" }, ` — ${detail}`),
          help_text && h("p", { class: "muted" }, help_text),
        );
      }),
    ),
  );
}
