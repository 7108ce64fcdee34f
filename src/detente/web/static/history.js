// The history page: the run store's runs, filtered; open one, export it, share its report.
"use strict";

async function loadHistory() {
  const params = new URLSearchParams();
  for (const key of ["command", "model", "status", "q"]) {
    const value = document.getElementById(`f-${key}`).value.trim();
    if (value) params.set(key, value);
  }
  const list = document.getElementById("history-problems");
  let data;
  try {
    data = await api("GET", `/api/runs?${params}`);
  } catch (error) {
    showProblems(list, error.problems);
    return;
  }
  showProblems(list, []);
  document.getElementById("history-count").textContent = `${data.shown} of ${data.total} run(s)`;
  const shown = ["run_id", "created_at", "status", "command", "model", "seed", "scenario_name", "draws"];
  const index = Object.fromEntries(data.columns.map((c, k) => [c, k]));
  const head = el("tr", {}, ...shown.map((c) => el("th", { text: c })), el("th", { text: "" }));
  const rows = data.rows.map((row) => {
    const id = row[index.run_id];
    const links = el("td", { class: "actions" },
      el("button", { class: "small open-run", "data-run": id, text: "open", onclick: () => openRun(id) }),
      ...["csv", "parquet", "json"].map((f) => el("a", { href: `/api/runs/${id}/export?format=${f}`, text: f })),
      el("a", { href: `/api/runs/${id}/report`, target: "_blank", text: "report" }),
      el("button", { class: "small delete-run", "data-run": id, text: "delete", onclick: () => deleteRun(id) }));
    return el("tr", {}, ...shown.map((c) => el("td", { text: fmt(row[index[c]]).slice(0, c === "created_at" ? 19 : 40) })), links);
  });
  document.getElementById("history").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

async function openRun(id) {
  const list = document.getElementById("history-problems");
  try {
    const data = await api("GET", `/api/runs/${id}`);
    const runScenario = data.run.scenario
      ? { scenario: data.run.scenario, file: `${data.run.run_id}.yaml`, source: "run" } : null;
    const view = data.view || { kind: data.run.command, scenario: data.run.scenario_name, run_ids: [data.run.run_id],
      tables: Object.fromEntries(Object.entries(data.tables).map(([k, v]) => [k, v])), figures: [] };
    showResult(view, { reportUrl: data.view ? `/api/runs/${id}/report` : null, runScenario });
  } catch (error) {
    showProblems(list, error.problems);
  }
}

async function deleteRun(id) {
  if (!window.confirm(`Delete run ${id} and all its results from the run store?`)) return;
  try {
    await api("DELETE", `/api/runs/${id}`);
    loadHistory();
  } catch (error) {
    showProblems(document.getElementById("history-problems"), error.problems);
  }
}

function wireHistory() {
  document.getElementById("f-refresh").addEventListener("click", loadHistory);
  for (const key of ["command", "model", "status"]) document.getElementById(`f-${key}`).addEventListener("change", loadHistory);
  let timer = null;
  document.getElementById("f-q").addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(loadHistory, 250); });
}
