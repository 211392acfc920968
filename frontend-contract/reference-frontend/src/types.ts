// The parts of the API contract (../../openapi.yaml) this frontend renders.
// Names follow the schema's components, so a reader can look each one up.
// Strings typed `Html` are rich text, sanitised by the API.

export type Html = string;
export type IsoDate = string; // "2027-06-10"
export type IsoDateTime = string; // "2027-06-10T09:30:00+01:00"

export interface Rendition {
  url: string;
  width: number;
  height: number;
}

export interface Image {
  id: number;
  title: string;
  alt: string;
  width: number;
  height: number;
  focal_point: { x: number; y: number; width: number; height: number } | null;
  renditions: Record<string, Rendition>;
  srcset: string;
}

export interface Country {
  code: string;
  name: string;
}

export interface Organisation {
  id: number;
  name: string;
  short_name: string;
  url: string;
  logo: Image | null;
  org_identifier: string;
  country: Country | null;
}

export interface Person {
  id: number;
  name: string;
  role: string;
  institution: string;
  photo: Image | null;
}

export interface PageLink {
  id: number;
  type: string;
  title: string;
  summary: string;
  path: string;
  url: string;
  listing_image: Image | null;
}

export interface Breadcrumb {
  id: number;
  title: string;
  path: string;
}

export interface PageTranslation {
  locale: string;
  id: number;
  path: string;
  url: string;
}

export interface PageMeta {
  path: string;
  url: string;
  parent_id: number | null;
  first_published_at: IsoDateTime | null;
  last_published_at: IsoDateTime | null;
  locale: string;
  translations: PageTranslation[];
  /** Only on pages/{id}/ and pages/resolve/: what was asked for, and whether it was met. */
  requested_locale?: string | null;
  fallback?: boolean;
  access: "public" | "members";
  has_access: boolean;
  breadcrumbs: Breadcrumb[];
  seo_title: string;
  search_description: string;
}

// --- StreamField: every stream is a list of {type, id, value} ---------------------

export interface StreamChild<T extends string, V> {
  type: T;
  id: string;
  value: V;
}

export interface LinkBlock {
  page: PageLink | null;
  url: string;
  label: string;
}

export interface Document {
  id: number;
  title: string;
  url: string;
  file_extension: string;
  file_size: number | null;
}

export interface Embed {
  url: string;
  title: string;
  provider_name: string;
  html: Html;
  width: number | null;
  height: number | null;
  thumbnail_url: string | null;
}

export interface Testimonial {
  id: number;
  quote: string;
  attribution: string;
  institution: string;
  person: Person | null;
}

export type TableCell = string | null;

export interface TableBlock {
  caption: string;
  columns: { type: "text" | "numeric" | "rich_text"; heading: string }[];
  rows: TableCell[][];
}

export type BodyBlockChild =
  | StreamChild<"heading", { text: string; level: "h2" | "h3" | "h4" }>
  | StreamChild<"paragraph", Html>
  | StreamChild<
      "image",
      { image: Image | null; alt_text: string; decorative: boolean; caption: string }
    >
  | StreamChild<"quote", { text: string; attribution: string; source: string }>
  | StreamChild<"testimonial", Testimonial | null>
  | StreamChild<
      "call_to_action",
      {
        heading: string;
        text: string;
        link: LinkBlock;
        button_label: string;
        style: "primary" | "secondary";
      }
    >
  | StreamChild<"embed", Embed | null>
  | StreamChild<"document", { title: string; document: Document | null }>
  | StreamChild<"table", TableBlock>
  | StreamChild<"accordion", { heading: string; items: { heading: string; body: Html }[] }>
  | StreamChild<
      "key_facts",
      { heading: string; facts: { value: string; label: string; description: string }[] }
    >
  | StreamChild<"page_links", { heading: string; pages: (PageLink | null)[] }>
  | StreamChild<"organisation_list", { heading: string; organisations: (Organisation | null)[] }>;

export type BodyBlock = BodyBlockChild[];

export interface Session {
  starts_at: string | null; // "09:30"
  ends_at: string | null;
  title: string;
  speakers: string;
  description: string;
}

export type EventProgrammeBlock = StreamChild<
  "day",
  { date: IsoDate | null; sessions: Session[] }
>[];

interface QuestionBase {
  label: string;
  help_text: string;
  required: boolean;
}

export type QuestionsBlock = (
  | StreamChild<"short_text", QuestionBase & { max_length: number | null }>
  | StreamChild<"long_text", QuestionBase & { word_limit: number | null }>
  | StreamChild<"choice", QuestionBase & { choices: string[]; allow_multiple: boolean }>
  | StreamChild<"date", QuestionBase>
  | StreamChild<"number", QuestionBase & { min_value: string | null; max_value: string | null }>
  | StreamChild<"file", QuestionBase>
)[];

// --- Pages: a union discriminated on `type` ---------------------------------------

interface PageBase {
  id: number;
  title: string;
  slug: string;
  summary: string;
  listing_image: Image | null;
  tags: string[];
  meta: PageMeta;
}

interface WithBody {
  body: BodyBlock | null;
}

interface WithIntro {
  intro: Html | null;
}

/** Index pages carry their published children, in the editors' order. */
export interface WithChildren {
  children: PageLink[];
}

export interface HomePage extends PageBase, WithBody {
  type: "home";
}
export interface InternationalHubPage extends PageBase, WithBody, WithChildren {
  type: "international_hub";
}
export interface StandardPage extends PageBase, WithBody {
  type: "standard";
}
export interface StrategyIndexPage extends PageBase, WithIntro, WithChildren {
  type: "strategy_index";
}
export interface RepresentationIndexPage extends PageBase, WithIntro, WithChildren {
  type: "representation_index";
}
export interface SolidarityIndexPage extends PageBase, WithIntro, WithChildren {
  type: "solidarity_index";
}
export interface GrantsIndexPage extends PageBase, WithIntro, WithChildren {
  type: "grants_index";
}

export interface StrategyUpdatePage extends PageBase, WithBody {
  type: "strategy_update";
  date: IsoDate;
  commission_name: string;
  announced_by: Person | null;
  milestone: "announced" | "consultation" | "publication_expected" | "published";
  expected_publication: IsoDate | null;
  expected_publication_label: string;
}

export interface Representative {
  person: Person;
  role: string;
  term_start: IsoDate | null;
  term_end: IsoDate | null;
  is_current: boolean;
}

export interface RepresentationPage extends PageBase, WithBody {
  type: "representation";
  organisation: Organisation;
  body_name: string;
  capacity: "founder_member" | "member" | "elected_member" | "representative" | "observer";
  on_behalf_of: Organisation | null;
  since_year: number | null;
  representatives: Representative[];
  interests: string[];
}

export interface SolidarityStatementPage extends PageBase, WithBody {
  type: "solidarity_statement";
  date: IsoDate;
  countries: Country[];
  region: string;
  event_kind: "armed_conflict" | "natural_disaster" | "man_made_disaster" | "other";
  signatories: { organisation: Organisation | null; person: Person | null }[];
  partner_organisations: Organisation[];
  offer: Html | null;
}

export interface ProgrammePage extends PageBase, WithBody {
  type: "programme";
  funder: Organisation | null;
  partners: Organisation[];
  hashtag: string;
  phases: {
    name: string;
    start_date: IsoDate | null;
    end_date: IsoDate | null;
    focus: string;
  }[];
  offers: {
    kind: "grants" | "travel_bursaries" | "online_resources" | "conference" | "other";
    title: string;
    description: string;
    page: PageLink | null;
    url: string;
  }[];
}

export interface AwardPage extends PageBase, WithBody {
  type: "award";
  status: "open" | "closed" | "suspended";
  status_reason: string;
  expected_reopening: IsoDate | null;
  expected_reopening_label: string;
  partner: Organisation | null;
  first_year: number | null;
  last_year: number | null;
  years_run: number[];
  how_to_apply: string;
  apply_url: string;
}

export interface EventPage extends PageBase, WithBody {
  type: "event";
  starts_at: IsoDateTime;
  ends_at: IsoDateTime;
  timezone: string;
  is_online: boolean;
  venue_name: string;
  venue_address: string;
  online_url: string;
  registration_url: string;
  programme: EventProgrammeBlock | null;
}

export interface GrantRound {
  id: number;
  name: string;
  opens_at: IsoDateTime;
  closes_at: IsoDateTime;
  timezone: string;
  status: "upcoming" | "open" | "closed" | "paused";
  budget: string | null;
}

export interface GrantSchemePage extends PageBase {
  type: "grant_scheme";
  kind: "project_grant" | "travel_bursary" | "conference_support";
  currency: "GBP" | "EUR" | "USD";
  minimum_amount: string;
  maximum_amount: string;
  funder: Organisation | null;
  partners: Organisation[];
  eligibility: Html | null;
  how_to_apply: Html | null;
  questions: QuestionsBlock | null;
  contact: { name: string; email: string };
  rounds: GrantRound[];
}

export type Page =
  | HomePage
  | InternationalHubPage
  | StandardPage
  | StrategyIndexPage
  | StrategyUpdatePage
  | RepresentationIndexPage
  | RepresentationPage
  | SolidarityIndexPage
  | SolidarityStatementPage
  | ProgrammePage
  | AwardPage
  | EventPage
  | GrantsIndexPage
  | GrantSchemePage;

export interface ResolvedRedirect {
  redirect: { old_path: string; location: string; permanent: boolean };
}

export type ResolveResult = Page | ResolvedRedirect;

// --- Site-wide ---------------------------------------------------------------------

export interface NavigationItem {
  id: number;
  type: string;
  title: string;
  path: string;
  url: string;
  locale: string;
  children: NavigationItem[];
}

export interface Navigation {
  locale: string;
  items: NavigationItem[];
}

export interface Language {
  code: string;
  name: string;
  direction: "ltr" | "rtl";
  default: boolean;
  prefix: string;
}

export interface Site {
  name: string;
  frontend_url: string;
  locale: string;
  direction: "ltr" | "rtl";
  languages: Language[];
  home: PageLink | null;
  contact: {
    email: string;
    phone: string;
    postal_address: string;
    page: PageLink | null;
  };
  social_links: { platform: string; url: string; label: string }[];
  membership_call_to_action: {
    heading: string;
    text: string;
    label: string;
    page: PageLink | null;
  };
}

export interface PageListItem extends PageBase {
  type: string;
}

export interface PageList {
  count: number;
  next: string | null;
  previous: string | null;
  results: PageListItem[];
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}
