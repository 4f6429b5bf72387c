// Overview: today's figures and the three charts (held over time, collected vs purged, time to collection).
import { get } from "../api.js";
import { collectedVsPurgedChart, collectionTimesChart, heldOverTimeChart } from "../charts.js";
import { el } from "../dom.js";
import { formatSeconds } from "../format.js";
import { t } from "../i18n.js";

function figure(label, value) {
  return el("div", { class: "figure" }, [el("span", {}, [label]), el("strong", {}, [String(value)])]);
}

export async function render(container) {
  const [stats, heldJobs, printers, kiosks] = await Promise.all([get("/api/stats?days=14"), get("/api/jobs"), get("/api/printers"), get("/api/kiosks")]);
  const online = printers.filter((printer) => printer.state === "idle" || printer.state === "processing").length;
  const connected = kiosks.filter((kiosk) => kiosk.connected.agents + kiosk.connected.screens > 0).length;
  container.append(
    el("h1", {}, [t("navOverview")]),
    el("div", { class: "figures" }, [
      figure(t("figureHeldNow"), heldJobs.length),
      figure(t("figurePrintersReachable"), t("ofTotal", { count: online, total: printers.length })),
      figure(t("figureKiosksConnected"), t("ofTotal", { count: connected, total: kiosks.length })),
      figure(t("figureMedianWait"), formatSeconds(stats.medianCollectionSeconds)),
    ]),
    el("p", {}, [t("lastDays", { days: stats.days })]),
    el("div", { class: "cards" }, [
      el("div", { class: "card" }, [heldOverTimeChart(stats.heldOverTime)]),
      el("div", { class: "card" }, [collectedVsPurgedChart(stats.collectedVsPurged)]),
      el("div", { class: "card" }, [collectionTimesChart(stats.collectionTimes, stats.medianCollectionSeconds, formatSeconds)]),
    ]),
    el("p", {}, [t("overviewPurgedNote")]),
  );
}
