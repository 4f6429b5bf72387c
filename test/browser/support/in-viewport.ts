// Whether elements are really on screen: their bounding box lies inside the viewport (not merely
// present in the page, and not below the fold where a person would have to scroll to find them).
import type { Page } from "playwright-core";

/** The selectors whose first match is missing, hidden, or not wholly inside the viewport. */
export async function notInViewport(page: Page, selectors: readonly string[]): Promise<string[]> {
  const viewport = page.viewportSize()!;
  const outside: string[] = [];
  for (const selector of selectors) {
    const box = await page.locator(selector).first().boundingBox();
    const inside = box !== null && box.width > 0 && box.height > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width + 0.5 && box.y + box.height <= viewport.height + 0.5;
    if (!inside) outside.push(`${selector} ${box ? `at ${Math.round(box.x)},${Math.round(box.y)} ${Math.round(box.width)}×${Math.round(box.height)}` : "not shown"} in ${viewport.width}×${viewport.height}`);
  }
  return outside;
}
