// The card-format pipeline's public surface: parse, run, shape check and the canonical card number.
export { canonicalCardNumber } from "./canonical.js";
export type { CardValue, ValueKind } from "./card-value.js";
export { cardFormatReference, parsePipeline, type CardPipeline, type PipelineStep } from "./pipeline.js";
export { defaultShapeFor, parseShape, type CardShape } from "./shape.js";
export { decodeWiegand, wiegandFormats, type WiegandCard, type WiegandFormat } from "./wiegand.js";
