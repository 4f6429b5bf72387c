// Charts as inline SVG built from server-computed numbers (no chart library). Each chart has a
// text title and description for screen readers, numbers written on it, and its data as a table.
import { el, table } from "./dom.js";

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
  return el("figure", {}, [el("figcaption", {}, [caption]), chart, el("details", { class: "data" }, [el("summary", {}, ["Show the numbers"]), table(headings, rows, caption)])]);
}

const niceMax = (value) => {
  if (value <= 5) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
};

const hourMinute = (iso) => new Intl.DateTimeFormat("en-GB", { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(iso));

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
  const chart = frame(width, height, "Held jobs over time", `From ${hourMinute(points[0].at)} to ${hourMinute(points.at(-1).at)}: at most ${peak} held at once, ${points.at(-1).held} now.`);
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
  return figure("Held jobs over time", chart, ["Time", "Held jobs"], points.filter((_, index) => index % every === 0 || index === points.length - 1).map((point) => [hourMinute(point.at), String(point.held)]));
}

/** Collected per printer and purged: horizontal bars, each with its count and share written out. */
export function collectedVsPurgedChart(rows) {
  const width = 560;
  const rowHeight = 34;
  const labelWidth = 200;
  const height = Math.max(1, rows.length) * rowHeight + 16;
  const max = Math.max(1, ...rows.map((row) => row.count));
  const total = rows.reduce((sum, row) => sum + row.count, 0);
  const chart = frame(width, height, "Jobs collected per printer and jobs purged", rows.map((row) => `${row.label}: ${row.count} (${row.share} %)`).join("; ") || "No finished jobs");
  rows.forEach((row, index) => {
    const y = 8 + index * rowHeight;
    const barWidth = (row.count / max) * (width - labelWidth - 130);
    chart.append(svg("text", { x: labelWidth - 8, y: y + 20, "text-anchor": "end" }, row.label.length > 28 ? `${row.label.slice(0, 27)}…` : row.label));
    chart.append(svg("rect", { class: row.kind === "purged" ? "bar-purged" : "bar-collected", x: labelWidth, y: y + 4, width: Math.max(1, barWidth), height: rowHeight - 10, rx: 3 }));
    chart.append(svg("text", { x: labelWidth + Math.max(1, barWidth) + 8, y: y + 20 }, `${row.count} (${row.share} %)${row.kind === "purged" ? " purged" : " collected"}`));
  });
  return figure(`Collected vs purged (${total} finished jobs)`, chart, ["Printer", "Outcome", "Jobs", "Share"], rows.map((row) => [row.label, row.kind, String(row.count), `${row.share} %`]));
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
  const chart = frame(width, height, "Time from print to collection", `${buckets.map((bucket) => `${bucket.bucket}: ${bucket.count}`).join("; ")}. Median ${formatSeconds(medianSeconds)}.`);
  chart.append(svg("line", { class: "axis", x1: left, x2: width - left, y1: height - bottom, y2: height - bottom }));
  buckets.forEach((bucket, index) => {
    const barHeight = (bucket.count / max) * (height - top - bottom);
    const x = left + index * slot + slot * 0.15;
    chart.append(svg("rect", { class: "bar", x, y: height - bottom - barHeight, width: slot * 0.7, height: Math.max(0, barHeight), rx: 3 }));
    chart.append(svg("text", { x: x + slot * 0.35, y: height - bottom - barHeight - 6, "text-anchor": "middle" }, String(bucket.count)));
    chart.append(svg("text", { x: x + slot * 0.35, y: height - 14, "text-anchor": "middle" }, bucket.bucket));
  });
  return figure(`Time from print to collection (median ${formatSeconds(medianSeconds)})`, chart, ["Waited", "Jobs"], buckets.map((bucket) => [bucket.bucket, String(bucket.count)]));
}
