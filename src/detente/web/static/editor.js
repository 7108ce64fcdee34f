// The scenario editor: actors, issues and positions in tables; the server validates, errors sit next to the field.
"use strict";

// ``fallback``: the scenario format's default, shown greyed out when the cell is empty;
// ``evidence``: the part of the number's evidence the cell edits (its source, or the date it was true)
const COLUMNS = {
  actors: [
    { field: "name", label: "name" },
    { field: "capability", label: "capability", number: true, fallback: "1" },
    { field: "capability", label: "capability source", evidence: "source" },
    { field: "capability", label: "date", evidence: "date", narrow: true },
    { field: "description", label: "description" },
  ],
  issues: [
    { field: "name", label: "name" },
    { field: "lower", label: "lower", number: true, fallback: "0" },
    { field: "upper", label: "upper", number: true, fallback: "100" },
    { field: "status_quo", label: "status quo", number: true },
    { field: "outcome", label: "observed outcome", number: true },
    { field: "outcome_date", label: "outcome date", narrow: true },
    { field: "outcome", label: "outcome source", evidence: "source" },
  ],
  positions: [
    { field: "actor", label: "actor" },
    { field: "issue", label: "issue" },
    { field: "position", label: "position", number: true },
    { field: "position", label: "position source", evidence: "source" },
    { field: "position", label: "date", evidence: "date", narrow: true },
    { field: "salience", label: "salience (0-1)", number: true },
    { field: "salience", label: "salience source", evidence: "source" },
    { field: "salience", label: "date", evidence: "date", narrow: true },
  ],
};

const NEW_ROW = {
  actors: () => ({ name: `actor ${App.scenario.actors.length + 1}`, capability: 1 }),
  issues: () => ({ name: `issue ${App.scenario.issues.length + 1}`, lower: 0, upper: 100 }),
  positions: () => ({ actor: (App.scenario.actors[0] || {}).name || "", issue: (App.scenario.issues[0] || {}).name || "",
    position: 50, salience: 0.5 }),
};

const NUM = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
const DISTRIBUTIONS = [  // the scenario format's inline distributions, typed compactly
  [new RegExp(`^${NUM}$`), (m) => Number(m[1])],
  [new RegExp(`^${NUM}\\s*\\.\\.\\s*${NUM}$`), (m) => ({ low: Number(m[1]), high: Number(m[2]) })],
  [new RegExp(`^${NUM}\\s*(?:±|\\+-|\\+/-)\\s*${NUM}$`), (m) => ({ mean: Number(m[1]), sd: Number(m[2]) })],
  [new RegExp(`^${NUM}\\s*/\\s*${NUM}\\s*/\\s*${NUM}$`),
    (m) => ({ triangular: [Number(m[1]), Number(m[2]), Number(m[3])] })],
];

function parseCell(text, number) {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (!number) return text;
  for (const [pattern, make] of DISTRIBUTIONS) {
    const match = trimmed.match(pattern);
    if (match) return make(match);
  }
  return trimmed;  // a non-number is sent as typed: the validator names it
}

function distributionText(d) {
  if (d.kind === "normal") return `${d.mean}±${d.sd}`;
  if (d.kind === "uniform") return `${d.low}..${d.high}`;
  return `${d.low}/${d.mode}/${d.high}`;
}

function cellValue(record, column) {
  if (column.evidence) return ((record.evidence || {})[column.field] || {})[column.evidence] || "";
  const uncertain = (record.uncertainty || {})[column.field];
  if (uncertain) return distributionText(uncertain);
  const value = record[column.field];
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return value === undefined || value === null ? "" : String(value);
}

function setCell(record, column, text) {
  const value = parseCell(text, column.number);
  if (column.evidence) {
    const evidence = record.evidence || {};
    const entry = { ...(evidence[column.field] || {}) };
    if (value === undefined) delete entry[column.evidence]; else entry[column.evidence] = value;
    if (Object.keys(entry).length) evidence[column.field] = entry; else delete evidence[column.field];
    if (Object.keys(evidence).length) record.evidence = evidence; else delete record.evidence;
  } else {
    if (record.uncertainty) {  // the typed text replaces the number and any distribution it had
      delete record.uncertainty[column.field];
      if (!Object.keys(record.uncertainty).length) delete record.uncertainty;
    }
    if (value === undefined) delete record[column.field]; else record[column.field] = value;
  }
}

function pathOf(table, k, column) {
  if (!column.evidence) return `${table}[${k}].${column.field}`;
  const evidence = `${table}[${k}].evidence.${column.field}`;  // the source cell also takes the whole record's errors
  return column.evidence === "source" ? evidence : `${evidence}.${column.evidence}`;
}

function renderTable(table) {
  const columns = COLUMNS[table];
  const head = el("tr", {}, ...columns.map((c) => el("th", { text: c.label })), el("th"));
  const rows = App.scenario[table].map((record, k) => {
    const cells = columns.map((column) => {
      const path = pathOf(table, k, column);
      const input = el("input", { value: cellValue(record, column), "data-path": path, placeholder: column.fallback,
        class: column.narrow ? "narrow" : null,
        oninput: (e) => { setCell(record, column, e.target.value); scheduleValidation(); } });
      return el("td", { "data-row": `${table}[${k}]` }, input, el("div", { class: "err", "data-err": path }));
    });
    const remove = el("button", { class: "small", title: "delete row", text: "x",
      onclick: () => { App.scenario[table].splice(k, 1); renderEditor(); } });
    return el("tr", {}, ...cells, el("td", {}, remove));
  });
  document.getElementById(table).replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
}

function renderEditor() {
  const sc = App.scenario;
  document.getElementById("editor-empty").hidden = true;
  document.getElementById("editor").hidden = false;
  for (const key of ["name", "source", "description"]) document.getElementById(`sc-${key}`).value = sc[key] || "";
  ["actors", "issues", "positions"].forEach(renderTable);
  document.getElementById("current").textContent = `${App.file} (${App.source})`;
  document.getElementById("save-name").value = App.file.replace(/\.[^.]+$/, "") + ".yaml";
  validate();
}

function openScenario(data) {
  App.scenario = data.scenario;
  App.file = data.file;
  App.source = data.source;
  showProblems(document.getElementById("upload-problems"), []);
  renderEditor();
  showTab("scenario");
}

let validationTimer = null;
function scheduleValidation() {
  clearTimeout(validationTimer);
  validationTimer = setTimeout(validate, 250);
}

async function validate() {
  const box = document.getElementById("validity");
  box.textContent = "checking...";
  box.className = "validity";
  let answer;
  const sent = JSON.stringify(App.scenario);
  try {
    answer = await api("POST", "/api/scenarios/validate", { scenario: App.scenario, file: App.file });
  } catch (error) {
    answer = { valid: false, problems: error.problems };
  }
  App.valid = answer.valid;
  App.validatedFor = sent;  // what this answer is about (tests wait for it to be the scenario shown)
  document.querySelectorAll("[data-err]").forEach((node) => { node.textContent = ""; });
  document.querySelectorAll("input.invalid").forEach((node) => node.classList.remove("invalid"));
  for (const problem of answer.problems) placeProblem(problem);
  showProblems(document.getElementById("problems"), answer.problems);
  box.textContent = answer.valid ? answer.summary : `${answer.problems.length} problem(s): the scenario cannot run`;
  box.className = `validity ${answer.valid ? "ok" : "bad"}`;
  setRunning(Boolean(App.running));
}

function placeProblem(problem) {
  // the most specific field the problem names: positions[3].salience, else its record, positions[3]
  let target = null;
  for (const node of document.querySelectorAll("[data-err]")) {
    const path = node.dataset.err;
    if (problem.where === path || problem.where.startsWith(path + ".")) {
      if (!target || path.length > target.dataset.err.length) target = node;
    }
  }
  if (!target) {
    const row = document.querySelector(`td[data-row="${problem.where}"] [data-err]`);
    target = row || document.querySelector(`[data-err="${problem.where.split(".")[0]}"]`);
  }
  if (!target) return;
  target.textContent = target.textContent ? `${target.textContent}\n${problem.text}` : problem.text;
  const input = target.parentElement.querySelector("input");
  if (input) input.classList.add("invalid");
}

function wireEditor() {
  for (const key of ["name", "source", "description"]) {
    document.getElementById(`sc-${key}`).addEventListener("input", (e) => {
      App.scenario[key] = e.target.value;
      scheduleValidation();
    });
  }
  for (const [button, table] of [["add-actor", "actors"], ["add-issue", "issues"], ["add-position", "positions"]]) {
    document.getElementById(button).addEventListener("click", () => {
      App.scenario[table].push(NEW_ROW[table]());
      renderEditor();
    });
  }
  document.getElementById("save-button").addEventListener("click", saveScenario);
}

async function saveScenario() {
  const name = document.getElementById("save-name").value.trim();
  const status = document.getElementById("save-status");
  const list = document.getElementById("save-problems");
  try {
    const answer = await api("PUT", `/api/scenarios/user/${encodeURIComponent(name)}`,
      { scenario: App.scenario, overwrite: document.getElementById("save-overwrite").checked });
    status.textContent = `saved ${answer.file}`;
    showProblems(list, []);
    App.file = answer.file;
    App.source = "user";
    document.getElementById("current").textContent = `${App.file} (${App.source})`;
    loadScenarioList();
  } catch (error) {
    status.textContent = "not saved";
    showProblems(list, error.problems);
  }
}
