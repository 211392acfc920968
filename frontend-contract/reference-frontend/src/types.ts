// The API's types, as generated from openapi.yaml (`make contract-types`):
// this frontend declares none of its own, so a contract change that it does
// not handle fails `tsc` here. Only short names for what the renderers use.

import type { components } from "../../src/schema";

type S = components["schemas"];

export type Html = string;
export type IsoDate = string; // "2027-06-10"
export type IsoDateTime = string; // "2027-06-10T09:30:00+01:00"

export type Rendition = S["Rendition"];
export type Image = S["Image"];
export type Country = S["Country"];
export type Organisation = S["Organisation"];
export type Person = S["Person"];
export type PageLink = S["PageLink"];
export type PageCard = S["PageCard"];
export type Breadcrumb = S["Breadcrumb"];
export type PageTranslation = S["PageTranslation"];
export type PageMeta = S["PageMeta"];
export type LinkBlock = S["LinkBlock"];
export type Document = S["Document"];
export type Embed = S["Embed"];
export type Testimonial = S["Testimonial"];
export type TableBlock = S["TableBlock"];
export type TableCell = TableBlock["rows"][number][number];

export type BodyBlock = S["BodyBlock"];
export type BodyBlockChild = BodyBlock[number];
export type EventProgrammeBlock = S["EventProgrammeBlock"];
export type Session = S["SessionBlock"];
export type QuestionsBlock = S["QuestionsBlock"];

export type HomePage = S["HomePage"];
export type InternationalHubPage = S["InternationalHubPage"];
export type StandardPage = S["StandardPage"];
export type StrategyIndexPage = S["StrategyIndexPage"];
export type RepresentationIndexPage = S["RepresentationIndexPage"];
export type SolidarityIndexPage = S["SolidarityIndexPage"];
export type GrantsIndexPage = S["GrantsIndexPage"];
export type StrategyUpdatePage = S["StrategyUpdatePage"];
export type Representative = S["Representative"];
export type RepresentationPage = S["RepresentationPage"];
export type SolidarityStatementPage = S["SolidarityStatementPage"];
export type ProgrammePage = S["ProgrammePage"];
export type AwardPage = S["AwardPage"];
export type EventPage = S["EventPage"];
export type GrantRound = S["GrantRound"];
export type GrantSchemePage = S["GrantSchemePage"];
export type Page = S["Page"];
/** Index pages carry their published children as cards. */
export type WithChildren = { children: PageCard[] };

export type ResolvedRedirect = S["ResolvedRedirect"];
export type ResolveResult = S["ResolveResult"];

export type NavigationItem = S["NavigationItem"];
export type Navigation = S["Navigation"];
export type Language = S["Language"];
export type Site = S["Site"];
export type PageListItem = S["PageListItem"];
export type PageList = S["PaginatedPageList"];
export type Problem = S["Problem"];
