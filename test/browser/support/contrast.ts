// WCAG contrast of every visible text on a page: text colour against the first opaque background
// behind it. Large text (24 px, or 18.66 px bold) needs 3:1, the rest 4.5:1 (level AA).
/// <reference lib="dom" />
import type { Page } from "playwright-core";

export interface ContrastProblem {
  text: string;
  ratio: number;
  needed: number;
}

export async function contrastProblems(page: Page): Promise<ContrastProblem[]> {
  return page.evaluate(() => {
    // "rgb(r, g, b)" or "rgba(r, g, b, a)": the alpha, when absent, is 1.
    const parse = (color: string): number[] => {
      const parts = (color.match(/[\d.]+/g) ?? []).map(Number);
      return parts.length === 3 ? [...parts, 1] : parts;
    };
    const channel = (value: number) => {
      const scaled = value / 255;
      return scaled <= 0.03928 ? scaled / 12.92 : ((scaled + 0.055) / 1.055) ** 2.4;
    };
    const luminance = ([red, green, blue]: number[]) => 0.2126 * channel(red!) + 0.7152 * channel(green!) + 0.0722 * channel(blue!);
    const background = (element: Element | null): number[] => {
      for (let current = element; current; current = current.parentElement) {
        const color = parse(getComputedStyle(current).backgroundColor);
        if ((color[3] ?? 0) > 0.5) return color;
      }
      return [255, 255, 255];
    };
    const problems: { text: string; ratio: number; needed: number }[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = (walker.currentNode.textContent ?? "").trim();
      const parent = walker.currentNode.parentElement;
      if (!text || !parent || !parent.checkVisibility({ visibilityProperty: true }) || parent.closest(".visually-hidden")) continue;
      const style = getComputedStyle(parent);
      const [light, dark] = [luminance(parse(style.color)), luminance(background(parent))].sort((a, b) => b - a);
      const ratio = (light! + 0.05) / (dark! + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const needed = large ? 3 : 4.5;
      if (ratio < needed) problems.push({ text, ratio: Math.round(ratio * 100) / 100, needed });
    }
    return problems;
  });
}
