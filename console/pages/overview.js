// Overview: today's figures and the three charts (held over time, collected vs purged, time to collection).
import { get } from "../api.js";
import { collectedVsPurgedChart, collectionTimesChart, heldOverTimeChart } from "../charts.js";
import { el } from "../dom.js";
import { formatSeconds } from "../format.js";

function figure(label, value) {
  return el("div", { class: "figure" }, [el("span", {}, [label]), el("strong", {}, [String(value)])]);
}

export async function render(container) {
  const [stats, heldJobs, printers, kiosks] = await Promise.all([get("/api/stats?days=14"), get("/api/jobs"), get("/api/printers"), get("/api/kiosks")]);
  const online = printers.filter((printer) => printer.state === "idle" || printer.state === "processing").length;
  const connected = kiosks.filter((kiosk) => kiosk.connected.agents + kiosk.connected.screens > 0).length;
  container.append(
    el("h1", {}, ["Overview"]),
    el("div", { class: "figures" }, [
      figure("Jobs held now", heldJobs.length),
      figure("Printers reachable", `${online} of ${printers.length}`),
      figure("Kiosks connected", `${connected} of ${kiosks.length}`),
      figure("Median wait to collection", formatSeconds(stats.medianCollectionSeconds)),
    ]),
    el("p", {}, [`Last ${stats.days} days.`]),
    el("div", { class: "cards" }, [
      el("div", { class: "card" }, [heldOverTimeChart(stats.heldOverTime)]),
      el("div", { class: "card" }, [collectedVsPurgedChart(stats.collectedVsPurged)]),
      el("div", { class: "card" }, [collectionTimesChart(stats.collectionTimes, stats.medianCollectionSeconds, formatSeconds)]),
    ]),
    el("p", {}, ["Held jobs belong to no printer until they are collected, so purged jobs are counted on their own row."]),
  );
}
