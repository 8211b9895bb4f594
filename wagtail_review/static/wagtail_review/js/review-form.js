// The review form tab (审查表) in the page editor and the signing dialog: "all pass" for the
// nine points, and only the sections the chosen source type needs. Plain script, no build step.
(function () {
  "use strict";
  const PREFIX = "review_form-0-";

  function field(name) {
    return document.querySelector(`[name="${PREFIX}${name}"]`);
  }

  // A section (reprint origin, government document details) shows for the source types that need it,
  // and whenever it already holds something, so nothing entered is ever hidden.
  function showSections(form) {
    const sourceType = field("source_type");
    if (!sourceType) return;
    for (const section of form.querySelectorAll("[data-review-section]")) {
      const wanted = section.dataset.reviewSection.split(" ").includes(sourceType.value);
      const names = section.dataset.reviewFields.split(" ");
      const filled = names.some((name) => {
        const input = field(name);
        return input && input.value.trim() !== "";
      });
      const panel = field(names[0]) && field(names[0]).closest("section");
      if (panel) panel.hidden = !(wanted || filled);
    }
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-review-all-pass]");
    if (!button) return;
    const answers = JSON.parse(button.dataset.reviewAllPass);
    // The 审查表 tab's fields carry the formset prefix; the signing dialog's do not.
    const prefix = button.dataset.reviewPrefix ?? PREFIX;
    const scope = button.closest("form") || document;
    for (const [name, value] of Object.entries(answers)) {
      // A select (Wagtail's default widget for choices) or radio buttons.
      const input = scope.querySelector(
        `select[name="${prefix}${name}"], input[name="${prefix}${name}"][value="${value}"]`,
      );
      if (!input) continue;
      if (input.tagName === "SELECT") input.value = value;
      else input.checked = true;
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  document.addEventListener("change", (event) => {
    if (event.target.name === `${PREFIX}source_type`) {
      const form = event.target.closest("form");
      if (form) showSections(form);
    }
  });

  function init() {
    for (const form of document.querySelectorAll("form")) {
      if (form.querySelector("[data-review-section]")) showSections(form);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
