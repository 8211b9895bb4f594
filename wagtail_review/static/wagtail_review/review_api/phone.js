// The reference phone page of the review API: plain script, no build step, no outside code.
// Everything shown comes from the API's JSON and is put in as text (never as HTML), except the
// comparison, which is Wagtail's escaped diff markup, and the preview, which sits in a sandboxed frame.
(function () {
  "use strict";
  const api = JSON.parse(document.getElementById("review-api").textContent);
  const texts = JSON.parse(document.getElementById("review-texts").textContent);
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = "wagtailReviewToken";
  let current = null; // the step on screen

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, name) => values[name]);
  }

  function say(message, isError) {
    $("status").textContent = message || "";
    $("status").className = isError ? "error" : "";
    // On a phone the buttons are far below the message: bring it into view.
    if (message) $("status").scrollIntoView({ block: "center" });
  }

  function show(id) {
    for (const section of ["sign-in", "list", "step"]) $(section).hidden = section !== id;
    $("sign-out").hidden = id === "sign-in";
  }

  async function call(method, url, body) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = "Bearer " + token;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new Error(texts.network);
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 401) {
        sessionStorage.removeItem(TOKEN_KEY);
        show("sign-in");
      }
      throw new Error((data.error && data.error.message) || response.statusText);
    }
    return data;
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  async function loadList() {
    const data = await call("GET", api.awaiting);
    $("count").textContent = "(" + format(texts.waiting, { count: data.count }) + ")";
    const list = $("items");
    list.replaceChildren();
    if (!data.items.length) list.append(element("li", texts.nothing, "empty"));
    for (const item of data.items) {
      const button = element("button", null, "item");
      button.type = "button";
      button.append(element("strong", item.title), element("span", item.unit + " · " + item.step, "meta"),
        element("span", format(texts.submittedBy, { name: item.submitted_by }), "meta"));
      button.addEventListener("click", () => openStep(item.id).catch((error) => say(error.message, true)));
      const row = element("li");
      row.append(button);
      list.append(row);
    }
    show("list");
  }

  async function openStep(id) {
    say("");
    const step = await call("GET", api.step.replace("/0/", "/" + id + "/"));
    current = step;
    $("step-title").textContent = step.page.title;
    $("step-meta").textContent = step.route + " · " + step.step + " · " + format(texts.submittedBy, { name: step.submitted_by });
    const facts = $("form-facts");
    facts.replaceChildren();
    const form = step.review_form;
    for (const [label, value] of [[texts.sourceType, form.source_type_label], [texts.docNumber, form.doc_number], [texts.note, form.note]]) {
      if (value) facts.append(element("dt", label), element("dd", value));
    }
    const findings = $("findings");
    findings.replaceChildren();
    if (!step.findings.length) findings.append(element("li", texts.findingsNone));
    for (const finding of step.findings) {
      const text = finding.kind_label + (finding.serious ? "（" + texts.serious + "）" : "") + "：" + finding.text +
        (finding.suggestion ? " → " + finding.suggestion : "");
      findings.append(element("li", text, finding.serious ? "serious" : ""));
    }
    const diff = $("diff");
    diff.replaceChildren();
    if (!step.diff.changes.length) diff.append(element("p", texts.noChange));
    for (const change of step.diff.changes) {
      const block = element("div", null, "change");
      block.append(element("h4", change.field));
      const body = element("div");
      body.innerHTML = change.html; // Wagtail's comparison markup: content escaped, only its own spans added
      block.append(body);
      diff.append(block);
    }
    $("preview").srcdoc = step.html || "";
    renderPoints(step);
    $("refusal").hidden = step.can_sign;
    $("refusal").textContent = step.can_sign ? "" : texts.cannotSign + " " + step.refusal;
    for (const button of $("signature").querySelectorAll("button")) button.disabled = !step.can_sign;
    $("false-alarm").hidden = !step.findings.some((finding) => finding.serious);
    $("comment").value = "";
    $("false-alarm-reason").value = "";
    show("step");
    $("step-title").focus();
  }

  function renderPoints(step) {
    const points = $("points");
    points.replaceChildren();
    for (const point of step.points) {
      const fieldset = element("fieldset", null, "point");
      fieldset.append(element("legend", point.number + ". " + point.question));
      for (const answer of ["yes", "no"]) {
        const label = element("label");
        const input = document.createElement("input");
        input.type = "radio";
        input.name = point.field;
        input.value = answer;
        label.append(input, " " + texts[answer]);
        fieldset.append(label);
      }
      points.append(fieldset);
    }
  }

  function answers() {
    const result = {};
    for (const point of current.points) {
      const checked = document.querySelector('input[name="' + point.field + '"]:checked');
      if (checked) result[point.field] = checked.value;
    }
    return result;
  }

  $("all-pass").addEventListener("click", () => {
    for (const point of current.points) {
      document.querySelector('input[name="' + point.field + '"][value="' + point.passing_answer + '"]').checked = true;
    }
  });

  $("signature").addEventListener("submit", async (event) => {
    event.preventDefault();
    const decision = event.submitter ? event.submitter.value : "approve";
    try {
      const result = await call("POST", api.sign.replace("/0/", "/" + current.id + "/"), {
        decision,
        answers: answers(),
        comment: $("comment").value,
        false_alarm_reason: $("false-alarm-reason").value,
      });
      await loadList();
      say([decision === "approve" ? texts.signed : texts.returned, ...result.notices.slice(-1)].join(" "));
    } catch (error) {
      say(error.message, true);
    }
  });

  $("sign-in").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const data = await call("POST", api.signIn, {
        username: $("username").value,
        password: $("password").value,
        code: $("code").value,
        device: $("device").value,
      });
      sessionStorage.setItem(TOKEN_KEY, data.token);
      $("password").value = "";
      $("code").value = "";
      say("");
      await loadList();
    } catch (error) {
      say(error.message, true);
    }
  });

  $("sign-out").addEventListener("click", async () => {
    try {
      await call("DELETE", api.currentToken);
    } catch (error) {
      // Signed out here whatever the server said; an unrevoked token still expires.
    }
    sessionStorage.removeItem(TOKEN_KEY);
    show("sign-in");
  });

  $("back").addEventListener("click", () => loadList().catch((error) => say(error.message, true)));
  $("refresh").addEventListener("click", () => loadList().catch((error) => say(error.message, true)));

  if (sessionStorage.getItem(TOKEN_KEY)) {
    loadList().catch((error) => say(error.message, true));
  } else {
    show("sign-in");
  }
})();
