// Start-up: tabs, the scenario lists, the upload form.
"use strict";

async function loadScenarioList() {
  const data = await api("GET", "/api/scenarios");
  const item = (s) => el("li", {}, el("button", { class: "link", "data-scenario": `${s.source}/${s.name}`,
    text: `${s.title} (${s.actors} actors, ${s.issues} issues)`, title: s.name,
    onclick: async () => openScenario(await api("GET", `/api/scenarios/${s.source}/${encodeURIComponent(s.name)}`)) }));
  document.getElementById("shipped").replaceChildren(...data.shipped.map(item));
  document.getElementById("user").replaceChildren(...data.user.map(item));
  document.getElementById("folder").textContent = data.folder;
  showProblems(document.getElementById("folder-problems"), data.problems);
}

async function loadFormats() {
  const formats = await api("GET", "/api/formats");
  document.getElementById("upload-format").append(
    ...formats.map((f) => el("option", { value: f.name, text: f.name, title: f.description })));
}

async function upload(event) {
  event.preventDefault();
  const input = document.getElementById("upload-file");
  const list = document.getElementById("upload-problems");
  if (!input.files.length) { showProblems(list, [{ text: "error: choose a file to upload" }]); return; }
  const form = new FormData();
  form.append("file", input.files[0]);
  const format = document.getElementById("upload-format").value;
  if (format) form.append("format", format);
  try {
    openScenario(await api("POST", "/api/scenarios/upload", form));
  } catch (error) {
    showProblems(list, error.problems);
  }
}

document.addEventListener("DOMContentLoaded", async () => {
  document.querySelectorAll(".tab").forEach((tab) => tab.addEventListener("click", () => {
    showTab(tab.dataset.tab);
    if (tab.dataset.tab === "history") loadHistory();
  }));
  document.getElementById("upload-form").addEventListener("submit", upload);
  wireEditor();
  wireRun();
  wireHistory();
  wireDraft();
  setRunning(false);
  await Promise.all([loadScenarioList(), loadFormats(), loadModels()]);
  const live = (await api("GET", "/api/jobs")).find((j) => j.status === "running" || j.status === "queued");
  if (live) {  // a run started before this page was (re)loaded: follow it
    currentJob = live;
    setRunning(true);
    showTab("run");
    poll(live.id);
  }
  document.body.dataset.ready = "1";
});
