// Talking to /api/ and showing its problems: every error answer carries the CLI's own lines.
"use strict";

const App = { scenario: null, file: null, source: null, models: [] };

async function api(method, url, body) {
  const options = { method, headers: {} };
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const problems = (data && data.problems) || [{ text: `error: ${response.status} ${response.statusText}` }];
    const error = new Error(problems[0].text);
    error.problems = problems;
    error.status = response.status;
    throw error;
  }
  return data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function showProblems(list, problems) {
  list.replaceChildren(...(problems || []).map((p) => el("li", { text: p.text })));
}

function fmt(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : value.toPrecision(4);
  return String(value);
}

function tableOf(data) {
  const head = el("tr", {}, ...data.columns.map((c) => el("th", { text: c })));
  const rows = data.rows.map((row) => el("tr", {}, ...row.map((v) => el("td", { text: fmt(v) }))));
  return el("table", { class: "grid" }, el("thead", {}, head), el("tbody", {}, ...rows));
}

function showTab(name) {
  document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.dataset.tab === name));
  document.querySelectorAll(".page").forEach((p) => p.classList.toggle("active", p.id === `page-${name}`));
  if (name === "results") window.dispatchEvent(new Event("resize"));  // Plotly sizes hidden plots on resize
}
