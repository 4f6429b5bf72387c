// What a person can read on the page: visible text nodes outside data (names, titles: [data-value])
// and icons (aria-hidden), and which string table each belongs to.
/// <reference lib="dom" />
import type { Page } from "playwright-core";

export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = (node.textContent ?? "").trim();
      const parent = node.parentElement;
      if (!text || !parent) continue;
      if (parent.closest("[data-value], [aria-hidden='true'], .visually-hidden")) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      texts.push(text);
    }
    return texts;
  });
}

function templatePattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\w+\\\}/g, ".+");
  return new RegExp(`^${escaped}$`, "s");
}

/** The texts that match no string of this table. */
export function notInTable(texts: readonly string[], table: Record<string, string>): string[] {
  const patterns = Object.values(table).map(templatePattern);
  return texts.filter((text) => !patterns.some((pattern) => pattern.test(text)));
}
