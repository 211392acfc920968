/**
 * Every StreamField block type, by name, as the generated types describe it.
 *
 * `npm run typecheck` fails when a block is added to, renamed in or removed
 * from openapi.yaml without this file (and so the frontend's component map)
 * following: each entry names the union member (`BodyBlockHeading`) and the
 * value component (`HeadingBlock`), and the key must be the member's `type`.
 */
import type { components } from "./schema.js";

export type Schemas = components["schemas"];

/** The three StreamBlocks of the API, each a discriminated union on `type`. */
export type BodyBlockItem = Schemas["BodyBlock"][number];
export type ProgrammeBlockItem = Schemas["EventProgrammeBlock"][number];
export type QuestionsBlockItem = Schemas["QuestionsBlock"][number];
export type StreamBlockItem = BodyBlockItem | ProgrammeBlockItem | QuestionsBlockItem;
export type BlockType = StreamBlockItem["type"];

/** block name -> [union member, its value]. */
interface BodyBlocks {
  heading: [Schemas["BodyBlockHeading"], Schemas["HeadingBlock"]];
  paragraph: [Schemas["BodyBlockParagraph"], Schemas["ParagraphBlock"]];
  image: [Schemas["BodyBlockImage"], Schemas["CaptionedImageBlock"]];
  quote: [Schemas["BodyBlockQuote"], Schemas["QuoteBlock"]];
  testimonial: [Schemas["BodyBlockTestimonial"], Schemas["TestimonialBlock"]];
  call_to_action: [Schemas["BodyBlockCallToAction"], Schemas["CallToActionBlock"]];
  embed: [Schemas["BodyBlockEmbed"], Schemas["VideoEmbedBlock"]];
  document: [Schemas["BodyBlockDocument"], Schemas["DocumentLinkBlock"]];
  table: [Schemas["BodyBlockTable"], Schemas["TableBlock"]];
  accordion: [Schemas["BodyBlockAccordion"], Schemas["AccordionBlock"]];
  key_facts: [Schemas["BodyBlockKeyFacts"], Schemas["KeyFactsBlock"]];
  page_links: [Schemas["BodyBlockPageLinks"], Schemas["PageLinkCardsBlock"]];
  organisation_list: [
    Schemas["BodyBlockOrganisationList"],
    Schemas["OrganisationListBlock"],
  ];
}
interface ProgrammeBlocks {
  day: [Schemas["EventProgrammeBlockDay"], Schemas["EventDayBlock"]];
}
interface QuestionsBlocks {
  short_text: [Schemas["QuestionsBlockShortText"], Schemas["ShortTextQuestionBlock"]];
  long_text: [Schemas["QuestionsBlockLongText"], Schemas["LongTextQuestionBlock"]];
  choice: [Schemas["QuestionsBlockChoice"], Schemas["ChoiceQuestionBlock"]];
  date: [Schemas["QuestionsBlockDate"], Schemas["DateQuestionBlock"]];
  number: [Schemas["QuestionsBlockNumber"], Schemas["NumberQuestionBlock"]];
  file: [Schemas["QuestionsBlockFile"], Schemas["FileQuestionBlock"]];
}

/** `true` only if every key is its member's `type` and the member's value type. */
type Consistent<Map> = {
  [K in keyof Map]: Map[K] extends [infer Member, infer Value]
    ? Member extends { type: K; id: string; value: Value }
      ? true
      : never
    : never;
};
/** `true` only if the map names every member of the union, and nothing else. */
type Exhaustive<Map, Item extends { type: string }> = [
  Exclude<Item["type"], keyof Map>,
  Exclude<keyof Map, Item["type"]>,
] extends [never, never]
  ? true
  : never;

const bodyBlocks: Consistent<BodyBlocks> = {
  heading: true,
  paragraph: true,
  image: true,
  quote: true,
  testimonial: true,
  call_to_action: true,
  embed: true,
  document: true,
  table: true,
  accordion: true,
  key_facts: true,
  page_links: true,
  organisation_list: true,
};
const programmeBlocks: Consistent<ProgrammeBlocks> = { day: true };
const questionsBlocks: Consistent<QuestionsBlocks> = {
  short_text: true,
  long_text: true,
  choice: true,
  date: true,
  number: true,
  file: true,
};
export const exhaustive: [
  Exhaustive<BodyBlocks, BodyBlockItem>,
  Exhaustive<ProgrammeBlocks, ProgrammeBlockItem>,
  Exhaustive<QuestionsBlocks, QuestionsBlockItem>,
] = [true, true, true];

/** The block names a renderer must have a component for, per StreamBlock. */
export const BLOCK_TYPES = {
  BodyBlock: new Set(Object.keys(bodyBlocks) as BodyBlockItem["type"][]),
  EventProgrammeBlock: new Set(
    Object.keys(programmeBlocks) as ProgrammeBlockItem["type"][],
  ),
  QuestionsBlock: new Set(Object.keys(questionsBlocks) as QuestionsBlockItem["type"][]),
} as const;

export const KNOWN_BLOCK_TYPES: ReadonlySet<string> = new Set<BlockType>([
  ...BLOCK_TYPES.BodyBlock,
  ...BLOCK_TYPES.EventProgrammeBlock,
  ...BLOCK_TYPES.QuestionsBlock,
]);

/** A renderer's switch: the compiler proves every body block is handled. */
export function bodyBlockLabel(block: BodyBlockItem): string {
  switch (block.type) {
    case "heading":
      return block.value.text;
    case "paragraph":
    case "image":
    case "quote":
    case "testimonial":
    case "call_to_action":
    case "embed":
    case "document":
    case "table":
    case "accordion":
    case "key_facts":
    case "page_links":
    case "organisation_list":
      return block.type;
    default: {
      const unreachable: never = block;
      return unreachable;
    }
  }
}
