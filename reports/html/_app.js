/* cognito-lint report: filters, pagination and pipeline pictures, drawn from the JSON blob.
   Plain DOM, no framework, no network. Data only ever reaches the page as text nodes
   (textContent / createTextNode), never as HTML. */
(function () {
  "use strict";
  var blob = document.getElementById("report-data");
  var D = JSON.parse(blob.textContent);
  var STR = D.strings;
  var ST = D.statuses;                     // ["fail","error","waived","pass","not_applicable"]
  var ICON = { fail: "\u2717", error: "!", waived: "~", pass: "\u2713", not_applicable: "\u2013", none: "\u00b7" };
  var STAGE = {};
  D.stages.forEach(function (s, i) { STAGE[s] = i; });
  var CHAIN = ["log_delivery", "log_group", "subscription", "firehose", "endpoint"];
  // where a branch of the logs tree hangs from: a second log group from the delivery, a
  // second forwarder from its log group, a direct Firehose target from the delivery
  var BRANCH_PARENT = { log_group: "log_delivery", subscription: "log_group", firehose: "log_delivery", endpoint: "firehose" };
  var LANES = [["Metrics", "metric_stream"], ["Audit", "trail"], ["Posture", "posture"]];

  // ---------- small DOM helpers ----------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined) { continue; }
      parent.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return parent;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function $(id) { return document.getElementById(id); }
  function fmt(n) { return n.toLocaleString("en-US"); }
  function statusName(i) { return i < 0 ? "none" : ST[i]; }
  function statusBadge(i) {
    var name = statusName(i);
    var label = i < 0 ? "no result" : D.statusLabels[i];
    return el("span", "st st-" + name, ICON[name] + " " + label);
  }
  function sevBadge(i) { return el("span", "sev sev-" + D.severities[i], D.severities[i]); }
  function safeLink(url, text) {
    if (/^https?:\/\//i.test(url)) {
      var a = el("a", null, text || url);
      a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
      return a;
    }
    return el("span", "mono", text || url);
  }
  function option(select, value, text) {
    var o = el("option", null, text); o.value = value; select.appendChild(o);
  }
  function res(i) { return D.resources[i]; }           // [type, name, arn, region]
  function resName(r) { return r[1] || r[2]; }

  // ---------- pager ----------
  function pager(nav, total, size, page, go) {
    clear(nav);
    var pages = Math.max(1, Math.ceil(total / size));
    function btn(text, target, label) {
      var b = el("button", null, text); b.type = "button";
      b.setAttribute("aria-label", label);
      b.disabled = target < 0 || target >= pages || target === page;
      b.addEventListener("click", function () { go(target); });
      return b;
    }
    add(nav,
      btn("\u00ab First", 0, "First page"),
      btn("\u2039 Previous", page - 1, "Previous page"),
      el("span", "pos", "Page " + fmt(page + 1) + " of " + fmt(pages)),
      btn("Next \u203a", page + 1, "Next page"),
      btn("Last \u00bb", pages - 1, "Last page"));
  }

  // ---------- findings ----------
  var F = { status: {}, severity: {}, region: "", rule: -1, control: "", q: "", only: null, onlyLabel: "" };
  var pageSize = parseInt(blob.getAttribute("data-page-size"), 10) || 50;
  var page = 0;
  var matched = [];
  var search = null;                        // lower-case search text per result, built on demand
  var controlRules = {};                    // control label -> {rule index: true}
  var byResource = null;                    // resource index -> [result index]

  D.rules.forEach(function (r, i) {
    r[3].forEach(function (c) { (controlRules[c] = controlRules[c] || {})[i] = true; });
  });

  function readForm() {
    F.status = {}; F.severity = {};
    document.querySelectorAll("#filters input[name=status]").forEach(function (c) { if (c.checked) { F.status[c.value] = true; } });
    document.querySelectorAll("#filters input[name=severity]").forEach(function (c) { if (c.checked) { F.severity[c.value] = true; } });
    F.region = $("f-region").value;
    F.rule = $("f-rule").value === "" ? -1 : parseInt($("f-rule").value, 10);
    F.control = $("f-control").value;
    F.q = $("f-q").value.trim().toLowerCase();
  }

  function searchText(i) {
    if (!search) {
      search = new Array(D.results.length);
      for (var k = 0; k < D.results.length; k++) {
        var x = D.results[k], r = res(x[1]);
        search[k] = (r[1] + " " + r[2] + " " + x[4] + " " + D.rules[x[0]][0]).toLowerCase();
      }
    }
    return search[i];
  }

  function applyFilters() {
    var out = [];
    var ctl = F.control ? controlRules[F.control] || {} : null;
    var only = F.only;
    var list = only || null;
    var n = list ? list.length : D.results.length;
    for (var k = 0; k < n; k++) {
      var i = list ? list[k] : k;
      var x = D.results[i];
      if (!only) {
        if (!F.status[x[2]] || !F.severity[x[3]]) { continue; }
        if (F.region && res(x[1])[3] !== F.region) { continue; }
        if (F.rule >= 0 && x[0] !== F.rule) { continue; }
        if (ctl && !ctl[x[0]]) { continue; }
        if (F.q && searchText(i).indexOf(F.q) < 0) { continue; }
      }
      out.push(i);
    }
    matched = out;
  }

  function renderFindings() {
    var body = $("find-body");
    clear(body);
    var pages = Math.max(1, Math.ceil(matched.length / pageSize));
    if (page >= pages) { page = pages - 1; }
    var start = page * pageSize;
    var slice = matched.slice(start, start + pageSize);
    var count = $("find-count");
    clear(count);
    add(count, fmt(matched.length) + " of " + fmt(D.results.length) + " results shown" +
      (matched.length ? " (" + fmt(start + 1) + "\u2013" + fmt(start + slice.length) + " on this page)" : ""));
    if (F.only) {
      var chip = el("span", "chip", F.onlyLabel);
      var x = el("button", null, "\u2715"); x.type = "button";
      x.setAttribute("aria-label", "Clear: " + F.onlyLabel);
      x.addEventListener("click", function () { F.only = null; update(); });
      add(count, chip); chip.appendChild(x);
    }
    if (!slice.length) {
      var tr = el("tr"); var td = el("td", "empty", "No result matches these filters.");
      td.colSpan = 7; add(body, add(tr, td));
    }
    slice.forEach(function (i) { body.appendChild(findingRow(i)); });
    pager($("find-pager"), matched.length, pageSize, page, function (p) { page = p; renderFindings(); $("findings").scrollIntoView(); });
  }

  function findingRow(i) {
    var x = D.results[i], rule = D.rules[x[0]], r = res(x[1]);
    var tr = el("tr", "finding st-row-" + ST[x[2]]);
    tr.setAttribute("data-status", ST[x[2]]);
    var ruleCell = add(el("td"), el("strong", null, rule[0]), el("span", "sub", rule[1]));
    var resCell = add(el("td"), el("span", "res-name", resName(r)), el("span", "sub mono", r[2]));
    var msg = add(el("td", "msg"), x[4]);
    if (x[2] === 1 && x[6].length) { add(msg, el("span", "sub", "Not evaluable: " + x[6].join("; "))); }
    if (x[7] >= 0) { var w = D.waivers[x[7]]; add(msg, el("span", "sub", "Waived: " + w[0] + " (" + w[1] + ", expires " + w[2] + ")")); }
    var more = el("button", "more", "Details \u25b8"); more.type = "button";
    more.setAttribute("aria-expanded", "false");
    add(tr, add(el("td"), sevBadge(x[3])), add(el("td"), statusBadge(x[2])), ruleCell, resCell,
      el("td", "nowrap", r[3]), msg, add(el("td"), more));
    more.addEventListener("click", function () {
      var next = tr.nextSibling;
      if (next && next.className === "detail") {
        next.parentNode.removeChild(next);
        more.setAttribute("aria-expanded", "false"); more.textContent = "Details \u25b8";
      } else {
        tr.parentNode.insertBefore(detailRow(i), tr.nextSibling);
        more.setAttribute("aria-expanded", "true"); more.textContent = "Hide \u25be";
      }
    });
    return tr;
  }

  function detailRow(i) {
    var x = D.results[i], rule = D.rules[x[0]], r = res(x[1]);
    var tr = el("tr", "detail"), td = el("td"); td.colSpan = 7;
    var box = el("div", "detail");
    add(box, el("h4", null, "Resource"), add(el("p"), r[0] + " ", el("code", null, r[2])));
    if (x[5].length) {
      var t = el("table");
      add(t, add(el("thead"), add(el("tr"), el("th", null, "Path"), el("th", null, "Observed"), el("th", null, "Expected"))));
      var tb = el("tbody");
      x[5].forEach(function (e) {
        add(tb, add(el("tr"), add(el("td"), el("code", null, STR[e[0]])), add(el("td"), el("code", null, STR[e[1]])),
          el("td", null, e[2] >= 0 ? STR[e[2]] : "\u2014")));
      });
      add(box, el("h4", null, "Evidence: observed vs expected"), add(t, tb));
    }
    if (x[6].length) {
      var ul = el("ul");
      x[6].forEach(function (e) { add(ul, el("li", null, e)); });
      add(box, el("h4", null, "Why it could not be evaluated"), ul);
    }
    if (x[7] >= 0) {
      var w = D.waivers[x[7]];
      add(box, el("h4", null, "Waiver"), el("p", null, w[0] + " \u2014 owner " + w[1] + ", expires " + w[2] +
        (w[3] ? ", ticket " + w[3] : "") + (w[4] ? " (" + w[4] + ")" : "")));
    }
    add(box, el("h4", null, "Rule " + rule[0] + ": " + rule[1]));
    if (rule[6]) { add(box, el("p", null, rule[6])); }
    if (rule[4]) { add(box, el("h4", null, "Remediation"), el("pre", null, rule[4])); }
    if (rule[5].length) {
      var refs = el("ul");
      rule[5].forEach(function (u) { add(refs, add(el("li"), safeLink(u))); });
      add(box, el("h4", null, "References"), refs);
    }
    if (rule[3].length) { add(box, el("h4", null, "Controls"), el("p", null, rule[3].join(", "))); }
    add(box, add(el("p"), safeLink(rule[7], "Rule reference for " + rule[0])));
    add(tr, add(td, box));
    return tr;
  }

  function update() { readForm(); applyFilters(); page = 0; renderFindings(); }

  function showOnly(ids, label) {
    F.only = ids.slice(); F.onlyLabel = label;
    applyFilters(); page = 0; renderFindings();
    $("findings").scrollIntoView();
  }

  // ---------- pipelines ----------
  var P = { q: "", region: "", show: "all" };
  var pPageSize = parseInt(blob.getAttribute("data-pipelines-page-size"), 10) || 20;
  var pPage = 0;
  var pMatched = [];
  var pOrder = D.pipelines.map(function (p, i) { return i; });
  pOrder.sort(function (a, b) { return (D.pipelines[a][1] - D.pipelines[b][1]) || (a - b); });

  function applyPipes() {
    P.q = $("pipe-q").value.trim().toLowerCase();
    P.region = $("pipe-region").value;
    P.show = $("pipe-show").value;
    pMatched = pOrder.filter(function (i) {
      var p = D.pipelines[i], r = res(p[0]);
      if (P.show === "broken" && p[1]) { return false; }
      if (P.show === "ok" && !p[1]) { return false; }
      if (P.region && r[3] !== P.region) { return false; }
      if (P.q && (r[1] + " " + r[2]).toLowerCase().indexOf(P.q) < 0) { return false; }
      return true;
    });
  }

  function nodeStage(n) { return D.stages[n[0]]; }

  function verdict(p) {
    var chain = p[2].filter(function (n) { return CHAIN.indexOf(nodeStage(n)) >= 0; });
    var parts = [];
    var brk = null;
    for (var k = 0; k < chain.length; k++) {
      var s = statusName(chain[k][2]);
      if (s === "fail" || s === "error") { brk = chain[k]; break; }
    }
    if (brk) {
      parts.push("Logs " + (statusName(brk[2]) === "fail" ? "break" : "cannot be proven") + " at " +
        D.stageLabels[brk[0]] + " (" + statusName(brk[2]) + ")");
    } else if (chain.some(function (n) { return n[2] < 0; })) {
      parts.push("Logs chain has links without a result");
    } else {
      parts.push("Logs chain holds");
    }
    [["metric_stream", "metrics"], ["trail", "audit trail"]].forEach(function (lane) {
      p[2].forEach(function (n) {
        var s = statusName(n[2]);
        if (nodeStage(n) === lane[0] && (s === "fail" || s === "error")) {
          parts.push((s === "fail" ? "no " : "unproven ") + lane[1]);
        }
      });
    });
    return parts.join(" \u00b7 ");
  }

  function nodeBox(n, poolName) {
    var s = statusName(n[2]);
    var stage = D.stageLabels[n[0]];
    var stateText = n[2] < 0 ? "no result" : D.statusLabels[n[2]];
    var box;
    if (n[3].length) {
      box = el("button", "node st-" + s); box.type = "button";
      box.title = "List the " + n[3].length + " result(s) behind this link";
      box.addEventListener("click", function () { showOnly(n[3], stage + " of " + poolName); });
    } else {
      box = el("div", "node st-" + s);
    }
    box.setAttribute("aria-label", stage + ": " + n[1] + ", " + stateText);
    add(box, el("span", "stage", stage), el("span", "lbl", n[1]), el("span", "state", ICON[s] + " " + stateText.toUpperCase()));
    return box;
  }

  function link(n, elbow) {
    var s = statusName(n[2]);
    var l = el("span", "link st-" + s + (elbow ? " elbow" : ""));
    l.setAttribute("aria-hidden", "true");
    if (s !== "pass") { add(l, el("span", "cut", ICON[s])); }
    return l;
  }

  // The logs nodes come depth-first (delivery, then per log group: group, subscription,
  // Firehose, endpoint; then each direct Firehose target). A node whose stage is not further
  // down the chain than the one before starts a new branch row.
  function branches(p) {
    var rows = [], row = null, last = CHAIN.length;
    p[2].forEach(function (n) {
      var c = CHAIN.indexOf(nodeStage(n));
      if (c < 0) { return; }
      if (!row || c <= last) { row = []; rows.push(row); }
      row.push([c, n]); last = c;
    });
    return rows;
  }

  // grid columns: 1 lane name, 2 user pool, 3.. the chain stages
  function cell(n, name, gridRow, from, to, elbow) {
    var d = el("div", "cell");
    d.style.gridRow = String(gridRow);
    d.style.gridColumn = from + " / " + (to + 1);
    d.style.setProperty("--span", String(to - from + 1));
    add(d, link(n, elbow), nodeBox(n, name));
    return d;
  }

  function laneName(text, gridRow) {
    var l = el("span", "lane-name", text);
    l.style.gridRow = String(gridRow);
    return l;
  }

  function pipeCard(i) {
    var p = D.pipelines[i], r = res(p[0]), name = resName(r);
    var card = el("article", "pipe " + (p[1] ? "ok" : "broken"));
    card.setAttribute("aria-label", "Pipeline of user pool " + name);
    var head = el("div", "pipe-head");
    add(head, el("h3", null, name), el("span", "sub mono", r[3]),
      el("span", "st " + (p[1] ? "st-pass" : "st-fail"), p[1] ? "\u2713 fully observed" : "\u2717 not fully observed"),
      el("span", "verdict-text", verdict(p)));
    var grid = el("div", "pipe-grid");
    grid.setAttribute("role", "group");
    grid.setAttribute("aria-label", "Pipeline picture of " + name);
    var poolBox = el("button", "node pool"); poolBox.type = "button";
    poolBox.title = "List every result of this pool's pipeline";
    add(poolBox, el("span", "stage", "User pool"), el("span", "lbl", name), el("span", "state", r[3]));
    poolBox.setAttribute("aria-label", "User pool " + name + " in " + r[3]);
    poolBox.addEventListener("click", function () { showOnly(poolResults(p), "pipeline of " + name); });
    var poolCell = add(el("div", "cell pool-cell"), poolBox);
    poolCell.style.gridRow = "1"; poolCell.style.gridColumn = "2";
    add(grid, laneName("Logs", 1), poolCell);
    var gridRow = 0;
    branches(p).forEach(function (row, k) {
      gridRow += 1;
      var prev = 2;
      row.forEach(function (item, j) {
        var col = item[0] + 3, from = prev + 1, elbow = false;
        if (k > 0 && j === 0) {           // a branch: drawn from its parent's column
          var parent = BRANCH_PARENT[nodeStage(item[1])];
          from = (parent ? CHAIN.indexOf(parent) + 3 : 2) + 1; elbow = true;
        }
        grid.appendChild(cell(item[1], name, gridRow, Math.min(from, col), col, elbow));
        prev = col;
      });
    });
    if (!gridRow) { gridRow = 1; }
    LANES.forEach(function (lane) {
      var ns = p[2].filter(function (n) { return nodeStage(n) === lane[1]; });
      ns.forEach(function (n, j) {
        gridRow += 1;
        if (j === 0) { grid.appendChild(laneName(lane[0], gridRow)); }
        grid.appendChild(cell(n, name, gridRow, 3, 3, false));
      });
    });
    add(card, head, grid);
    return card;
  }

  function poolResults(p) {
    if (!byResource) {
      byResource = {};
      D.results.forEach(function (x, i) { (byResource[x[1]] = byResource[x[1]] || []).push(i); });
    }
    var seen = {}, out = [];
    function put(i) { if (!seen[i]) { seen[i] = true; out.push(i); } }
    p[2].forEach(function (n) { n[3].forEach(put); });
    (byResource[p[0]] || []).forEach(put);
    out.sort(function (a, b) { return a - b; });
    return out;
  }

  function renderPipes() {
    var list = $("pipe-list");
    clear(list);
    var pages = Math.max(1, Math.ceil(pMatched.length / pPageSize));
    if (pPage >= pages) { pPage = pages - 1; }
    var start = pPage * pPageSize;
    var slice = pMatched.slice(start, start + pPageSize);
    var broken = D.pipelines.filter(function (p) { return !p[1]; }).length;
    $("pipe-count").textContent = fmt(pMatched.length) + " of " + fmt(D.pipelines.length) +
      " user pools shown; " + fmt(broken) + " not fully observed.";
    if (!slice.length) { add(list, el("p", "empty", "No user pool matches.")); }
    slice.forEach(function (i) { list.appendChild(pipeCard(i)); });
    pager($("pipe-pager"), pMatched.length, pPageSize, pPage, function (p) { pPage = p; renderPipes(); $("pipelines").scrollIntoView(); });
  }

  // ---------- set-up ----------
  var regions = {};
  D.resources.forEach(function (r) { if (r[3]) { regions[r[3]] = true; } });
  Object.keys(regions).sort().forEach(function (r) { option($("f-region"), r, r); option($("pipe-region"), r, r); });
  D.rules.forEach(function (r, i) { option($("f-rule"), String(i), r[0] + " \u2014 " + r[1]); });
  Object.keys(controlRules).sort().forEach(function (c) { option($("f-control"), c, c); });

  $("filters").addEventListener("change", function () { F.only = null; update(); });
  $("filters").addEventListener("submit", function (e) { e.preventDefault(); });
  var timer = null;
  $("f-q").addEventListener("input", function () {
    clearTimeout(timer); timer = setTimeout(function () { F.only = null; update(); }, 200);
  });
  $("f-reset").addEventListener("click", function () {
    $("filters").reset(); F.only = null; update();
  });
  document.querySelectorAll("tr.rule-row").forEach(function (tr) {
    tr.tabIndex = 0;
    function pick() {
      var id = tr.getAttribute("data-rule");
      var idx = D.rules.findIndex(function (r) { return r[0] === id; });
      $("f-rule").value = idx >= 0 ? String(idx) : "";
      document.querySelectorAll("#filters input[name=status]").forEach(function (c) { c.checked = true; });
      F.only = null; update(); $("findings").scrollIntoView();
    }
    tr.addEventListener("click", pick);
    tr.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
  });
  $("pipe-filters").addEventListener("submit", function (e) { e.preventDefault(); });
  $("pipe-filters").addEventListener("change", function () { applyPipes(); pPage = 0; renderPipes(); });
  var ptimer = null;
  $("pipe-q").addEventListener("input", function () {
    clearTimeout(ptimer); ptimer = setTimeout(function () { applyPipes(); pPage = 0; renderPipes(); }, 200);
  });

  update();
  applyPipes();
  renderPipes();
  document.documentElement.setAttribute("data-ready", "1");
}());
