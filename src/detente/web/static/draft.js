// The Draft page: paste or upload an article, see the draft beside it with each quote highlighted,
// fill the numbers the text does not give, save the draft into the scenario folder.
"use strict";

const Draft = { document: null, article: null };

function pathTokens(path) {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

function nodeAt(doc, path) {
  return pathTokens(path).reduce((node, key) => (node == null ? node : node[key]), doc);
}

function quotesOf(doc) {
  // every quote in the draft, with a label of the element it supports
  const out = [];
  for (const [name, quotes] of Object.entries(doc.evidence || {})) quotes.forEach((q) => out.push({ ...q, label: name }));
  const war = doc.war_draft || {};
  for (const kind of ["moves", "levers", "agreements", "arguments"]) {
    (war[kind] || []).forEach((e, k) => (e.evidence || []).forEach((q) => out.push({ ...q, label: elementLabel(kind, e), id: `${kind}-${k}` })));
  }
  return out;
}

function elementLabel(kind, e) {
  if (kind === "moves") return `${e.actor}: ${e.move} = ${e.value}${e.size ? ` (${e.size} ${e.unit || ""})` : ""}${e.days ? ` (${e.days} days)` : ""}`;
  if (kind === "levers") return `${e.actor}: ${e.instrument} on ${e.target || "?"}${e.condition ? ` ${e.condition}` : ""}`;
  if (kind === "agreements") return `${e.name}${e.stake ? `: gives ${e.stake} a stake` : ""}`;
  return `${e.actor}: a pause lets ${e.about || "?"} rearm`;
}

function highlighted(text, quotes) {
  // the paragraph with each quote in a <mark> (overlapping quotes merged)
  const ranges = [];
  for (const q of quotes) {
    const at = text.indexOf(q.quote);
    if (at >= 0) ranges.push([at, at + q.quote.length, q.label]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const parts = [];
  let pos = 0;
  for (const [start, end, label] of ranges) {
    if (end <= pos) continue;
    const from = Math.max(start, pos);
    if (from > pos) parts.push(document.createTextNode(text.slice(pos, from)));
    parts.push(el("mark", { title: label, text: text.slice(from, end) }));
    pos = end;
  }
  parts.push(document.createTextNode(text.slice(pos)));
  return parts;
}

function showDraft(answer) {
  Draft.document = answer.document;
  Draft.article = answer.article;
  const quotes = quotesOf(Draft.document);
  document.getElementById("draft-article").replaceChildren(...answer.article.paragraphs.map((p) =>
    el("p", { "data-paragraph": p.number }, el("span", { class: "muted small", text: `${p.number} ` }),
      ...highlighted(p.text, quotes.filter((q) => q.paragraph === p.number)))));
  const doc = Draft.document;
  const items = [
    ...doc.actors.map((a) => `actor: ${a.name}`), ...doc.issues.map((i) => `issue: ${i.name}`),
    ...["moves", "levers", "agreements", "arguments"].flatMap((k) => (doc.war_draft[k] || []).map((e) => `${k.slice(0, -1)}: ${elementLabel(k, e)}`)),
  ];
  document.getElementById("draft-elements").replaceChildren(...items.map((t) => el("li", { text: t })));
  const rows = doc.unfilled.map((u) => el("tr", {},
    el("td", { text: u.path }), el("td", { class: "small", text: u.quote.length > 90 ? `${u.quote.slice(0, 90)}...` : u.quote }),
    el("td", {}, el("input", { "data-path": u.path, size: 6, placeholder: "value" }))));
  document.getElementById("draft-unfilled").replaceChildren(
    el("tr", {}, el("th", { text: "number" }), el("th", { text: "quote" }), el("th", { text: "value" })), ...rows);
  document.getElementById("draft-result").hidden = false;
  document.getElementById("draft-summary").textContent =
    `${doc.actors.length} actors, ${doc.issues.length} issues; ${doc.unfilled.length} numbers need a value`;
}

async function runDraft(event) {
  event.preventDefault();
  const list = document.getElementById("draft-problems");
  showProblems(list, []);
  const file = document.getElementById("draft-file");
  const date = document.getElementById("draft-date").value || undefined;
  try {
    if (file.files.length) {
      const form = new FormData();
      form.append("file", file.files[0]);
      if (date) form.append("date", date);
      showDraft(await api("POST", "/api/draft/upload", form));
    } else {
      const text = document.getElementById("draft-text").value;
      const source = document.getElementById("draft-source").value || "pasted text";
      showDraft(await api("POST", "/api/draft", { text, source, date }));
    }
  } catch (error) {
    showProblems(list, error.problems);
  }
}

async function saveDraft() {
  const list = document.getElementById("draft-save-problems");
  const status = document.getElementById("draft-save-status");
  const doc = structuredClone(Draft.document);
  for (const input of document.querySelectorAll("#draft-unfilled input")) {
    if (input.value.trim() === "") continue;
    const value = Number(input.value);
    if (!Number.isFinite(value)) { showProblems(list, [{ text: `error: ${input.dataset.path}: ${input.value} is not a number` }]); return; }
    nodeAt(doc, input.dataset.path).value = value;
  }
  const name = document.getElementById("draft-save-name").value || "draft.yaml";
  const overwrite = document.getElementById("draft-save-overwrite").checked;
  try {
    const answer = await api("PUT", `/api/draft/user/${encodeURIComponent(name)}`, { document: doc, overwrite });
    status.textContent = answer.valid ? `saved ${answer.file}: complete, it opens as a scenario`
      : `saved ${answer.file}: ${answer.problems.length} problems left`;
    showProblems(list, answer.problems);
    loadScenarioList();
  } catch (error) {
    showProblems(list, error.problems);
  }
}

function wireDraft() {
  document.getElementById("draft-form").addEventListener("submit", runDraft);
  document.getElementById("draft-save").addEventListener("click", saveDraft);
}
