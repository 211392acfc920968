// Page renderers: one per page `type`, each showing the page's typed fields
// around the shared header (title, summary, breadcrumbs) and body. They
// return HTML strings: the server sends them, the browser inserts them.

import type { Page, PageOf, Schemas } from "../../src/client";
import { bodyBlock, eventProgramme, image, organisation, person, questions } from "./blocks";
import { formatDate, formatDateTime, formatMoney, zoneName } from "./format";
import { type Child, h, type Html, lines, richText } from "./html";

type Organisation = Schemas["Organisation"];
type PageLink = Schemas["PageLink"];

export function renderPage(page: Page): Html {
  return h(
    "article",
    { class: `page page-${page.type}`, "data-page-type": page.type, "data-page-id": page.id },
    breadcrumbs(page),
    h("h1", {}, page.title),
    page.summary && h("p", { class: "summary" }, page.summary),
    page.meta.access === "members" && h("p", { class: "badge badge-members" }, "Members only"),
    pageContent(page),
    page.tags.length > 0 &&
      h(
        "ul",
        { class: "tags", "aria-label": "Tags" },
        page.tags.map((tag) => h("li", {}, tag)),
      ),
  );
}

function pageContent(page: Page): Child[] {
  const locked =
    !page.meta.has_access &&
    h("p", { class: "notice" }, "Sign in as a member to read the rest of this page.");
  switch (page.type) {
    case "home":
    case "standard":
      return [locked || bodyBlock(page.body)];
    case "international_hub":
      return [locked || bodyBlock(page.body), childList(page.children)];
    case "strategy_index":
    case "representation_index":
    case "solidarity_index":
    case "grants_index":
      return [richText(page.intro), childList(page.children)];
    case "strategy_update":
      return [strategyUpdate(page), locked || bodyBlock(page.body)];
    case "representation":
      return [representation(page), locked || bodyBlock(page.body)];
    case "solidarity_statement":
      return [solidarityStatement(page), locked || bodyBlock(page.body)];
    case "programme":
      return [programme(page), locked || bodyBlock(page.body)];
    case "award":
      return [award(page), locked || bodyBlock(page.body)];
    case "event":
      return [
        event(page),
        locked ||
          eventProgramme(page.programme, {
            timeZone: page.timezone,
            // starts_at carries the zone's offset: its date part is the local day.
            firstDay: page.starts_at.slice(0, 10),
          }),
        locked ? null : bodyBlock(page.body),
      ];
    case "grant_scheme":
      return grantScheme(page);
    default: {
      const unknown: never = page;
      console.warn("No renderer for page", unknown);
      return [];
    }
  }
}

function breadcrumbs(page: Page): Html | null {
  if (!page.meta.breadcrumbs.length) return null;
  return h(
    "nav",
    { class: "breadcrumbs", "aria-label": "Breadcrumbs" },
    h(
      "ol",
      {},
      page.meta.breadcrumbs.map((crumb) => h("li", {}, h("a", { href: crumb.path }, crumb.title))),
    ),
  );
}

/** Index pages carry their children: cards from the same response, no second request. */
function childList(children: PageLink[]): Html {
  return h(
    "ul",
    { class: "cards" },
    children.map((child) =>
      h(
        "li",
        { class: "card" },
        image(child.listing_image, { alt: "", rendition: "thumbnail", sizes: "20rem" }),
        h("h3", {}, h("a", { href: child.path }, child.title)),
        child.summary && h("p", {}, child.summary),
      ),
    ),
  );
}

function facts(rows: [string, Child][]): Html {
  return h(
    "dl",
    { class: "facts" },
    rows
      .filter(
        ([, value]) => value !== null && value !== "" && value !== false && value !== undefined,
      )
      .map(([term, value]) => h("div", {}, h("dt", {}, term), h("dd", {}, value))),
  );
}

function organisations(heading: string, orgs: Organisation[]): Html | null {
  if (!orgs.length) return null;
  return h(
    "section",
    {},
    h("h2", {}, heading),
    h(
      "ul",
      { class: "organisations" },
      orgs.map((org) => h("li", {}, organisation(org))),
    ),
  );
}

function badge(text: string, kind: string): Html {
  return h("span", { class: `badge badge-${kind}`, "data-status": kind }, text);
}

function strategyUpdate(page: PageOf<"strategy_update">): Html {
  return facts([
    ["Milestone", badge(page.milestone_label, page.milestone)],
    ["Date", formatDate(page.date)],
    ["Commission", page.commission_name],
    ["Announced by", person(page.announced_by)],
    [
      "Expected publication",
      page.expected_publication_label || formatDate(page.expected_publication),
    ],
  ]);
}

function representation(page: PageOf<"representation">): Html[] {
  const current = page.representatives.filter((r) => r.is_current);
  const past = page.representatives.filter((r) => !r.is_current);
  const representative = (r: PageOf<"representation">["representatives"][number]) =>
    h(
      "li",
      { class: r.is_current ? "current" : "past" },
      person(r.person),
      r.role && ` — ${r.role}`,
      (r.term_start || r.term_end) &&
        h(
          "span",
          { class: "muted" },
          ` (${formatDate(r.term_start)} to ${formatDate(r.term_end) || "present"})`,
        ),
      r.is_current && badge("Current", "current"),
    );
  return [
    facts([
      ["Organisation", organisation(page.organisation)],
      ["Body", page.body_name],
      ["Capacity", badge(page.capacity_label, page.capacity)],
      ["On behalf of", organisation(page.on_behalf_of)],
      ["Since", page.since_year ? String(page.since_year) : null],
      ["Interests", page.interests.join(", ")],
    ]),
    h(
      "section",
      { class: "representatives" },
      h("h2", {}, "Representatives"),
      current.length || past.length
        ? h("ul", {}, [...current, ...past].map(representative))
        : h("p", {}, "No representative named at present."),
    ),
  ];
}

function solidarityStatement(page: PageOf<"solidarity_statement">): Child[] {
  return [
    facts([
      ["Date", formatDate(page.date)],
      ["Countries", page.countries.map((c) => c.name).join(", ")],
      ["Region", page.region],
      ["Event", badge(page.event_kind_label, page.event_kind)],
      [
        "Signed by",
        page.signatories.length
          ? h(
              "ul",
              { class: "signatories" },
              page.signatories.map((s) =>
                h("li", {}, s.organisation ? s.organisation.name : person(s.person)),
              ),
            )
          : null,
      ],
    ]),
    page.offer
      ? h("section", { class: "offer" }, h("h2", {}, "What we offer"), richText(page.offer))
      : null,
    organisations("Working with", page.partner_organisations),
  ];
}

function programme(page: PageOf<"programme">): Child[] {
  return [
    facts([
      ["Funded by", organisation(page.funder)],
      ["Hashtag", page.hashtag],
    ]),
    organisations("Partners", page.partners),
    page.phases.length > 0
      ? h(
          "section",
          { class: "phases" },
          h("h2", {}, "Phases"),
          h(
            "ol",
            {},
            page.phases.map((phase) =>
              h(
                "li",
                {},
                h("strong", {}, phase.name),
                ` (${formatDate(phase.start_date)} – ${formatDate(phase.end_date) || "ongoing"})`,
                phase.focus && h("p", {}, phase.focus),
              ),
            ),
          ),
        )
      : null,
    page.offers.length > 0
      ? h(
          "section",
          { class: "offers" },
          h("h2", {}, "What the programme offers"),
          h(
            "ul",
            { class: "cards" },
            page.offers.map((offer) => {
              const href = offer.page?.path || offer.url;
              return h(
                "li",
                { class: "card" },
                badge(offer.kind_label, offer.kind),
                h("h3", {}, href ? h("a", { href }, offer.title) : offer.title),
                offer.description && h("p", {}, offer.description),
              );
            }),
          ),
        )
      : null,
  ];
}

function award(page: PageOf<"award">): Child[] {
  const years =
    page.first_year && page.last_year
      ? `${page.first_year}–${page.last_year}`
      : page.first_year
        ? `since ${page.first_year}`
        : "";
  return [
    h(
      "p",
      { class: "award-status" },
      badge(page.status_label, page.status),
      page.status_reason && ` ${page.status_reason}`,
      page.status !== "open" &&
        (page.expected_reopening_label || page.expected_reopening) &&
        ` Expected to reopen ${page.expected_reopening_label || formatDate(page.expected_reopening)}.`,
    ),
    facts([
      ["Run with", organisation(page.partner)],
      ["Years", years],
    ]),
    page.status === "open" && (page.how_to_apply || page.apply_url)
      ? h(
          "section",
          { class: "how-to-apply" },
          h("h2", {}, "How to apply"),
          page.how_to_apply && richText(page.how_to_apply),
          page.apply_url && h("a", { class: "button", href: page.apply_url }, "Apply"),
        )
      : null,
  ];
}

/** Start and end where the event happens: in its own time zone, named. */
function event(page: PageOf<"event">): Html {
  return facts([
    ["Starts", formatDateTime(page.starts_at, page.timezone)],
    ["Ends", formatDateTime(page.ends_at, page.timezone)],
    [
      "Time zone",
      h(
        "span",
        { class: "time-zone" },
        `${page.timezone} (${zoneName(new Date(page.starts_at), page.timezone)})`,
      ),
    ],
    [
      "Where",
      page.is_online
        ? h("a", { href: page.online_url || null }, "Online")
        : h(
            "span",
            {},
            page.venue_name,
            page.venue_address && [h("br"), lines(page.venue_address)],
          ),
    ],
    [
      "Registration",
      page.registration_url && h("a", { class: "button", href: page.registration_url }, "Register"),
    ],
  ]);
}

function grantScheme(page: PageOf<"grant_scheme">): Child[] {
  const money = (amount: string) => formatMoney(amount, page.currency);
  return [
    facts([
      ["Kind", page.kind_label],
      ["Amount", `${money(page.minimum_amount)} to ${money(page.maximum_amount)}`],
      ["Funded by", organisation(page.funder)],
      [
        "Contact",
        page.contact.email &&
          h("a", { href: `mailto:${page.contact.email}` }, page.contact.name || page.contact.email),
      ],
    ]),
    organisations("Partners", page.partners),
    h(
      "section",
      { class: "rounds" },
      h("h2", {}, "Rounds"),
      page.rounds.length
        ? h(
            "ul",
            {},
            page.rounds.map((round) =>
              h(
                "li",
                {},
                badge(round.status_label, round.status),
                ` ${round.name}: `,
                formatDateTime(round.opens_at, round.timezone),
                " to ",
                formatDateTime(round.closes_at, round.timezone),
                round.budget && h("span", { class: "muted" }, ` (budget ${money(round.budget)})`),
              ),
            ),
          )
        : h("p", {}, "No rounds announced."),
    ),
    page.eligibility
      ? h("section", {}, h("h2", {}, "Who can apply"), richText(page.eligibility))
      : null,
    page.how_to_apply
      ? h("section", {}, h("h2", {}, "How to apply"), richText(page.how_to_apply))
      : null,
    questions(page.questions),
  ];
}
