// Charts as inline SVG built from server-computed numbers (no chart library). Each chart has a
// text title and description for screen readers, numbers written on it, and its data as a table.
import { el, table } from "./dom.js";
import { formatHourMinute as hourMinute } from "./format.js";
import { t } from "./i18n.js";

const SVG = "http://www.w3.org/2000/svg";
let chartCount = 0;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(width, height, title, description) {
  const id = `chart-${++chartCount}`;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-labelledby": `${id}-title ${id}-desc` });
  root.append(svg("title", { id: `${id}-title` }, title), svg("desc", { id: `${id}-desc` }, description));
  return root;
}

function figure(caption, chart, headings, rows) {
  return el("figure", {}, [el("figcaption", {}, [caption]), chart, el("details", { class: "data" }, [el("summary", {}, [t("chartShowNumbers")]), table(headings, rows, caption)])]);
}

const niceMax = (value) => {
  if (value <= 5) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
};

/** Held jobs over time: a line over a shaded area, with the axis ends labelled. */
export function heldOverTimeChart(points) {
  const width = 560;
  const height = 240;
  const left = 44;
  const right = 16;
  const top = 16;
  const bottom = 40;
  const max = niceMax(Math.max(0, ...points.map((point) => point.held)));
  const x = (index) => left + (index / Math.max(1, points.length - 1)) * (width - left - right);
  const y = (value) => top + (1 - value / max) * (height - top - bottom);
  const peak = Math.max(0, ...points.map((point) => point.held));
  const chart = frame(width, height, t("chartHeldTitle"), t("chartHeldDescription", { from: hourMinute(points[0].at), to: hourMinute(points.at(-1).at), peak, now: points.at(-1).held }));
  for (const value of [0, max / 2, max]) {
    chart.append(svg("line", { class: "grid", x1: left, x2: width - right, y1: y(value), y2: y(value) }));
    chart.append(svg("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end" }, String(Math.round(value))));
  }
  const line = points.map((point, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(point.held).toFixed(1)}`).join(" ");
  chart.append(svg("path", { class: "area", d: `${line} L${x(points.length - 1)},${y(0)} L${x(0)},${y(0)} Z` }));
  chart.append(svg("path", { class: "line", d: line }));
  chart.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: y(0), y2: y(0) }));
  chart.append(svg("text", { x: left, y: height - 12, "text-anchor": "start" }, hourMinute(points[0].at)));
  chart.append(svg("text", { x: width - right, y: height - 12, "text-anchor": "end" }, hourMinute(points.at(-1).at)));
  const every = Math.max(1, Math.floor(points.length / 12));
  return figure(t("chartHeldTitle"), chart, [t("time"), t("chartHeldJobs")], points.filter((_, index) => index % every === 0 || index === points.length - 1).map((point) => [hourMinute(point.at), String(point.held)]));
}

/** Collected per printer and purged: horizontal bars, each with its count and share written out. */
export function collectedVsPurgedChart(rows) {
  const width = 560;
  const rowHeight = 34;
  const labelWidth = 200;
  const height = Math.max(1, rows.length) * rowHeight + 16;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  // The server names the purged row in English; it is the one row the console names itself.
  const labelOf = (row) => (row.kind === "purged" ? t("chartPurgedLabel") : row.label);
  const chart = frame(width, height, t("chartOutcomeTitle"), rows.map((row) => `${labelOf(row)}: ${row.count} (${row.share} %)`).join("; ") || t("chartOutcomeNone"));
  rows.forEach((row, index) => {
    const y = 8 + index * rowHeight;
    const barWidth = (row.count / max) * (width - labelWidth - 130);
    chart.append(svg("text", { x: labelWidth - 8, y: y + 20, "text-anchor": "end" }, labelOf(row).length > 28 ? `${labelOf(row).slice(0, 27)}…` : labelOf(row)));
    chart.append(svg("rect", { class: row.kind === "purged" ? "bar-purged" : "bar-collected", x: labelWidth, y: y + 4, width: Math.max(1, barWidth), height: rowHeight - 10, rx: 3 }));
    chart.append(svg("text", { x: labelWidth + Math.max(1, barWidth) + 8, y: y + 20 }, t(row.kind === "purged" ? "chartBarPurged" : "chartBarCollected", { count: row.count, share: row.share })));
  });
  return figure(t("chartOutcomeCaption", { total }), chart, [t("printer"), t("chartOutcome"), t("jobs"), t("chartShare")], rows.map((row) => [labelOf(row), t(row.kind === "purged" ? "outcomePurged" : "outcomeCollected"), String(row.count), `${row.share} %`]));
}

/** Time from print to collection: one column per bucket, its count on top. */
export function collectionTimesChart(buckets, medianSeconds, formatSeconds) {
  const width = 560;
  const height = 240;
  const top = 24;
  const bottom = 40;
  const left = 20;
  const max = Math.max(1, ...buckets.map((bucket) => bucket.count));
  const slot = (width - left * 2) / buckets.length;
  const chart = frame(width, height, t("chartWaitTitle"), t("chartWaitDescription", { buckets: buckets.map((bucket) => `${bucket.bucket}: ${bucket.count}`).join("; "), median: formatSeconds(medianSeconds) }));
  chart.append(svg("line", { class: "axis", x1: left, x2: width - left, y1: height - bottom, y2: height - bottom }));
  buckets.forEach((bucket, index) => {
    const barHeight = (bucket.count / max) * (height - top - bottom);
    const x = left + index * slot + slot * 0.15;
    chart.append(svg("rect", { class: "bar", x, y: height - bottom - barHeight, width: slot * 0.7, height: Math.max(0, barHeight), rx: 3 }));
    chart.append(svg("text", { x: x + slot * 0.35, y: height - bottom - barHeight - 6, "text-anchor": "middle" }, String(bucket.count)));
    chart.append(svg("text", { x: x + slot * 0.35, y: height - 14, "text-anchor": "middle" }, bucket.bucket));
  });
  return figure(t("chartWaitCaption", { median: formatSeconds(medianSeconds) }), chart, [t("chartWaited"), t("jobs")], buckets.map((bucket) => [bucket.bucket, String(bucket.count)]));
}
