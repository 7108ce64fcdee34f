// The results page: the parts of the run's HTML report (detente.report's *_parts), its tables side by side, then
// its Plotly figures, in the report's order.
"use strict";

const KIND_TITLES = {
  forecast: "forecast per issue and model", simulate: "Monte Carlo", compare: "counterfactual comparison",
  sensitivity: "sensitivity", war: "missed opportunity and settlement", backtest: "backtest leaderboard",
};

function showResult(view, { reportUrl, runScenario } = {}) {
  document.getElementById("results-empty").hidden = true;
  document.getElementById("results").hidden = false;
  document.getElementById("results-title").textContent = `${view.scenario}: ${KIND_TITLES[view.kind] || view.kind}`;
  document.getElementById("results-meta").textContent =
    view.run_ids.length ? `recorded as run ${view.run_ids.join(", ")}` : "not recorded in the run store";
  const link = document.getElementById("report-link");
  link.hidden = !reportUrl;
  if (reportUrl) link.href = reportUrl;
  const load = document.getElementById("load-run-scenario");
  load.hidden = !runScenario;
  load.onclick = runScenario ? () => openScenario(runScenario) : null;
  const tables = Object.entries(view.tables).map(([caption, data]) =>
    el("div", { class: "table-block" }, el("h3", { text: caption }), tableOf(data)));
  document.getElementById("results-tables").replaceChildren(...tables);
  const holder = document.getElementById("results-figures");
  holder.replaceChildren();
  showTab("results");
  view.figures.forEach((item, k) => {
    const div = el("div", { class: "figure", id: `figure-${k}`, "data-title": item.title });
    holder.append(div);
    Plotly.newPlot(div, item.figure.data, item.figure.layout, { responsive: true, displaylogo: false });
  });
}
