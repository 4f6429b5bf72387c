// The canonical form of a card number as stored and compared by the server: the same rule the
// kiosk agent applies after its reader's pipeline (see drivers/card-readers/README.md).
export { canonicalCardNumber } from "../../drivers/card-readers/card-format/index.js";
