// StreamField renderers: one function per block type, chosen by the block's
// `type`. The `switch` statements are exhaustive over the generated types:
// when the API gains a block type, `tsc` fails here until it has a renderer.
// They return HTML strings, so the server and the browser share them.

import type { BodyBlockItem, ProgrammeBlockItem, QuestionsBlockItem } from "../../src/blocks";
import type { Schemas } from "../../src/client";
import { formatDate, sessionTimes } from "./format";
import { type Attrs, h, type Html, raw, richText } from "./html";

type Image = Schemas["Image"];
type Organisation = Schemas["Organisation"];
type Person = Schemas["Person"];
type PageLink = Schemas["PageLink"];
type LinkBlock = Schemas["LinkBlock"];
type TableBlock = Schemas["TableBlock"];
type Testimonial = Schemas["Testimonial"];

// --- shared pieces -----------------------------------------------------------------

/**
 * A responsive image from one of the API's named renditions: a `<picture>`
 * whose `<source>`s offer the rendition's srcset in modern formats (best
 * first) and whose `<img>` has the original format's srcset, so a fill
 * rendition is never swapped for a differently cropped one. `alt` "" marks
 * it decorative.
 */
export function image(
  img: Image | null,
  { alt = img?.alt ?? "", sizes = "(min-width: 60rem) 60rem, 100vw", rendition = "medium" } = {},
): Html | null {
  if (!img) return null;
  const chosen = img.renditions[rendition] ?? Object.values(img.renditions)[0];
  if (!chosen) return null;
  const srcset = chosen.srcset || null;
  return h(
    "picture",
    {},
    chosen.sources.map((source) =>
      h("source", { type: source.type, srcset: source.srcset, sizes: srcset ? sizes : null }),
    ),
    h("img", {
      src: chosen.url,
      srcset,
      sizes: srcset ? sizes : null,
      width: chosen.width,
      height: chosen.height,
      alt,
      loading: "lazy",
      decoding: "async",
    }),
  );
}

export function linkHref(link: LinkBlock): string | null {
  return link.page ? link.page.path : link.url || null;
}

export function organisation(org: Organisation | null): Html | null {
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

export function person(p: Person | null): Html | null {
  if (!p) return null;
  const about = [p.role, p.institution].filter(Boolean).join(", ");
  return h(
    "span",
    { class: "person" },
    image(p.photo, { alt: "", rendition: "thumbnail", sizes: "4rem" }),
    h("strong", {}, p.name),
    about && h("span", { class: "muted" }, `, ${about}`),
  );
}

/** A card linking to a page: its image, title and summary. */
export function pageCard(page: PageLink | null): Html | null {
  if (!page) return null;
  return h(
    "li",
    { class: "card" },
    image(page.listing_image, { alt: "", rendition: "thumbnail", sizes: "20rem" }),
    h("h3", {}, h("a", { href: page.path }, page.title)),
    page.summary && h("p", {}, page.summary),
  );
}

/**
 * Reached only if the API sends a block type this build does not know yet.
 * It takes what a `switch` on `type` leaves over, `never` once every type the
 * generated schema names has a case (the block of a union, the `type` of a
 * one-type stream): a new type fails `tsc` until it has one.
 */
export function unknownBlock(leftOver: never): Html {
  const type = typeof leftOver === "string" ? leftOver : (leftOver as { type?: string }).type;
  console.warn(`No renderer for block type "${type}"`);
  return h("div", { hidden: true, "data-unknown-block": type });
}

// --- BodyBlock -----------------------------------------------------------------------

// The levels a heading block may have (its `level` enum): the element's name.
const HEADING_LEVELS = new Set(["h2", "h3", "h4"]);

export function bodyBlock(stream: BodyBlockItem[] | null): Html {
  return h(
    "div",
    { class: "stream" },
    (stream ?? []).map((child) =>
      bodyBlockChild(child, { "data-block-type": child.type, "data-block-id": child.id }),
    ),
  );
}

/** One block; `data` goes on its outermost element (the block's type and id). */
function bodyBlockChild(block: BodyBlockItem, data: Attrs): Html {
  switch (block.type) {
    case "heading": {
      const level = HEADING_LEVELS.has(block.value.level) ? block.value.level : "h2";
      return h(level, { class: "block-heading", ...data }, block.value.text);
    }
    case "paragraph":
      return h("div", { class: "rich-text block-paragraph", ...data }, raw(block.value));
    case "image": {
      const { image: img, alt_text, decorative, caption } = block.value;
      return h(
        "figure",
        { class: "block-image", ...data },
        image(img, { alt: decorative ? "" : alt_text || img?.alt || "" }),
        caption && h("figcaption", {}, caption),
      );
    }
    case "quote": {
      const { text, attribution, source } = block.value;
      return h(
        "figure",
        { class: "block-quote", ...data },
        h("blockquote", {}, h("p", {}, text)),
        (attribution || source) &&
          h(
            "figcaption",
            {},
            attribution,
            source && [attribution ? ", " : "", h("cite", {}, source)],
          ),
      );
    }
    case "testimonial":
      return testimonial(block.value, data);
    case "call_to_action": {
      const { heading, text, link, button_label, style } = block.value;
      const href = linkHref(link);
      return h(
        "aside",
        { class: `block-cta cta-${style}`, ...data },
        h("h2", {}, heading),
        text && h("p", {}, text),
        href && h("a", { class: "button", href }, button_label || link.label || "Find out more"),
      );
    }
    case "embed": {
      const embed = block.value;
      if (!embed) return h("div", { class: "block-embed", ...data });
      return h(
        "figure",
        { class: "block-embed", ...data },
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
        { class: "block-document", ...data },
        doc
          ? h(
              "a",
              { href: doc.url, download: true },
              title,
              h("span", { class: "muted" }, ` (${fileInfo(doc.file_extension, doc.file_size)})`),
            )
          : title,
      );
    }
    case "table":
      return table(block.value, data);
    case "accordion":
      return h(
        "section",
        { class: "block-accordion", ...data },
        block.value.heading && h("h2", {}, block.value.heading),
        block.value.items.map((item) =>
          h("details", {}, h("summary", {}, item.heading), richText(item.body)),
        ),
      );
    case "key_facts":
      return h(
        "section",
        { class: "block-key-facts", ...data },
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
        { class: "block-page-links", ...data },
        block.value.heading && h("h2", {}, block.value.heading),
        h("ul", { class: "cards" }, block.value.pages.map(pageCard)),
      );
    case "organisation_list":
      return h(
        "section",
        { class: "block-organisations", ...data },
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

function testimonial(value: Testimonial | null, data: Attrs): Html {
  if (!value) return h("div", data);
  const who = value.attribution || value.person?.name || "";
  return h(
    "figure",
    { class: "block-testimonial", ...data },
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

function table(value: TableBlock, data: Attrs): Html {
  return h(
    "div",
    { class: "block-table", ...data },
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

/**
 * The programme: days, and sessions at their local times in the event's zone
 * (`timeZone`), with the zone shown. A day without a date is the event's
 * first day (`firstDay`, the local date of `starts_at`).
 */
export function eventProgramme(
  stream: ProgrammeBlockItem[] | null,
  { timeZone, firstDay }: { timeZone: string; firstDay: string },
): Html | null {
  if (!stream?.length) return null;
  return h(
    "section",
    { class: "programme" },
    h("h2", {}, "Programme"),
    stream.map((day) => programmeDay(day, { timeZone, firstDay })),
  );
}

function programmeDay(
  day: ProgrammeBlockItem,
  { timeZone, firstDay }: { timeZone: string; firstDay: string },
): Html {
  switch (day.type) {
    case "day": {
      const date = day.value.date ?? firstDay;
      return h(
        "div",
        { class: "programme-day", "data-block-type": day.type, "data-block-id": day.id },
        day.value.date && h("h3", {}, formatDate(day.value.date)),
        h(
          "ol",
          { class: "sessions" },
          day.value.sessions.map((session) =>
            h(
              "li",
              {},
              sessionTimes(date, session.starts_at, session.ends_at, timeZone),
              " ",
              h("strong", {}, session.title),
              session.speakers && h("span", { class: "muted" }, ` — ${session.speakers}`),
              session.description && h("p", {}, session.description),
            ),
          ),
        ),
      );
    }
    default:
      return unknownBlock(day.type);
  }
}

// --- GrantSchemePage.questions ---------------------------------------------------------

/** The application form's questions, listed so applicants can prepare. */
export function questions(stream: QuestionsBlockItem[] | null): Html | null {
  if (!stream?.length) return null;
  return h(
    "section",
    { class: "questions" },
    h("h2", {}, "What the application asks"),
    h(
      "ol",
      {},
      stream.map((question) => {
        const detail = questionDetail(question);
        if (detail === null) return null;
        const { label: text, help_text, required } = question.value;
        return h(
          "li",
          { "data-block-type": question.type, "data-block-id": question.id },
          h("strong", {}, text),
          required ? " (required)" : " (optional)",
          h("span", { class: "muted" }, ` — ${detail}`),
          help_text && h("p", { class: "muted" }, help_text),
        );
      }),
    ),
  );
}

function questionDetail(question: QuestionsBlockItem): string | null {
  switch (question.type) {
    case "short_text":
      return question.value.max_length
        ? `up to ${question.value.max_length} characters`
        : "short answer";
    case "long_text":
      return question.value.word_limit ? `up to ${question.value.word_limit} words` : "long answer";
    case "choice":
      return `${question.value.allow_multiple ? "choose any" : "choose one"}: ${question.value.choices.join(", ")}`;
    case "date":
      return "a date";
    case "number": {
      const { min_value, max_value } = question.value;
      return ["a number", min_value && `from ${min_value}`, max_value && `to ${max_value}`]
        .filter(Boolean)
        .join(" ");
    }
    case "file":
      return "a file upload";
    default:
      unknownBlock(question);
      return null;
  }
}
