// The run form: options, a job in the server's worker, progress while it runs, cancel.
"use strict";

let currentJob = null;

function lines(id) {
  return document.getElementById(id).value.split("\n").map((s) => s.trim()).filter(Boolean);
}

function numberOr(id, fallback) {
  const text = document.getElementById(id).value.trim();
  return text === "" ? fallback : Number(text);
}

function runRequest() {
  const kind = document.getElementById("run-kind").value;
  const models = [...document.querySelectorAll("#models input:checked")].map((box) => box.value);
  const request = {
    kind, scenario: App.scenario, file: App.file, models: models.length ? models : ["eum"],
    rounds: numberOr("run-rounds", null), seed: numberOr("run-seed", 0), draws: numberOr("run-draws", 200),
    backend: document.getElementById("run-backend").value, workers: numberOr("run-workers", 1),
    method: document.getElementById("run-method").value, n: numberOr("run-n", 32), ranges: lines("run-ranges"),
  };
  const variant = document.getElementById("run-variant").value;
  if (variant && takesVariant(kind)) request.variant = variant;
  if (kind === "backtest") {
    Object.assign(request, { scenario: null, split_year: numberOr("run-split", 2005), stack: document.getElementById(
      "run-stack").checked, capability: document.getElementById("run-capability").value,
      grouping: document.getElementById("run-grouping").value });
  }
  if (kind === "compare") {
    request.shock = { name: "web", set: lines("shock-set"), add_actors: lines("shock-add"),
      drop: document.getElementById("shock-drop").value.split(",").map((s) => s.trim()).filter(Boolean) };
  }
  return request;
}

function takesVariant(kind) {
  return kind !== "backtest" && kind !== "war";
}

function showVariants() {
  // The variants of the ticked models that have any (the server says which: /api/models' "variants").
  const ticked = new Set([...document.querySelectorAll("#models input:checked")].map((box) => box.value));
  const variants = [...new Set(App.models.filter((m) => ticked.has(m.name)).flatMap((m) => m.variants || []))];
  const select = document.getElementById("run-variant");
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "", text: "model default" }),
    ...variants.map((v) => el("option", { value: v, text: v })));
  select.value = variants.includes(chosen) ? chosen : "";
  document.getElementById("variant-field").hidden = !variants.length || !takesVariant(
    document.getElementById("run-kind").value);
}

function showKind() {
  const kind = document.getElementById("run-kind").value;
  for (const other of ["simulate", "compare", "sensitivity", "backtest"]) {
    document.querySelectorAll(`.kind-${other}`).forEach((node) => { node.hidden = other !== kind; });
  }
  document.querySelectorAll(".mc").forEach((node) => { node.hidden = kind === "forecast" || kind === "backtest"; });
  if (kind === "war" && document.getElementById("run-draws").value === "200") document.getElementById("run-draws").value = "100";
  showVariants();
}

function setRunning(running) {
  App.running = running;
  const needsScenario = document.getElementById("run-kind").value !== "backtest";
  document.getElementById("run-button").disabled = running || (needsScenario && !App.valid);
  document.getElementById("cancel-button").disabled = !running;
}

async function startRun() {
  const problems = document.getElementById("run-problems");
  const status = document.getElementById("run-status");
  const kind = document.getElementById("run-kind").value;
  if (!App.scenario && kind !== "backtest") {
    showProblems(problems, [{ text: "error: open a scenario first" }]);
    return;
  }
  showProblems(problems, []);
  try {
    currentJob = await api("POST", "/api/jobs", runRequest());
  } catch (error) {
    showProblems(problems, error.problems);
    status.textContent = "not started";
    return;
  }
  setRunning(true);
  status.textContent = "queued";
  poll(currentJob.id);
}

async function poll(id) {
  const status = document.getElementById("run-status");
  const bar = document.getElementById("progress");
  let job;
  try {
    job = await api("GET", `/api/jobs/${id}`);
  } catch (error) {
    showProblems(document.getElementById("run-problems"), error.problems);
    setRunning(false);
    return;
  }
  bar.max = job.total;
  bar.value = job.done;
  status.textContent = `${job.status}: ${job.done.toLocaleString()} of ${job.total.toLocaleString()}`;
  if (job.status === "queued" || job.status === "running") {
    setTimeout(() => poll(id), 250);
    return;
  }
  setRunning(false);
  if (job.status === "done") {
    showResult(job.result, { reportUrl: `/api/jobs/${id}/report` });
  } else {
    showProblems(document.getElementById("run-problems"), job.problems);
  }
}

async function cancelRun() {
  if (!currentJob) return;
  await api("POST", `/api/jobs/${currentJob.id}/cancel`);
  document.getElementById("run-status").textContent = "cancelling...";
}

async function loadModels() {
  App.models = await api("GET", "/api/models");
  const boxes = App.models.map((m) => el("label", { class: "inline", title: `${m.summary} (${m.source})` },
    el("input", { type: "checkbox", value: m.name, id: `model-${m.name}`, checked: m.name === "eum" }), ` ${m.name}`));
  document.getElementById("models").replaceChildren(...boxes);
  document.getElementById("models").addEventListener("change", showVariants);
  showVariants();
  const filter = document.getElementById("f-model");
  filter.append(...App.models.map((m) => el("option", { text: m.name })));
}

function wireRun() {
  document.getElementById("run-kind").addEventListener("change", () => { showKind(); setRunning(Boolean(App.running)); });
  document.getElementById("run-button").addEventListener("click", startRun);
  document.getElementById("cancel-button").addEventListener("click", cancelRun);
  showKind();
}
