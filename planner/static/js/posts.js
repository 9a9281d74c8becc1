// The post editor: switch story template without a round trip, show event fields only for
// events, and update the LIX readability while writing. The page works without this file.
(() => {
  "use strict";

  const LONG_WORD_LETTERS = 6;
  const WORD = /[\p{L}]+(?:[-'’][\p{L}]+)*/gu;
  const SENTENCE_END = /(?<=[.!?:])\s+|\n\s*\n/u;
  const MARKUP = /[#>*_`[\]()]|^\s*[-+]\s+|^\s*\d+\.\s+/gmu;

  // The same rules as planner/posts/lix.py.
  function readability(text) {
    const plain = text.replace(MARKUP, " ");
    const sentences = plain.split(SENTENCE_END).map((s) => s.trim()).filter((s) => s.match(WORD));
    const words = sentences.flatMap((s) => s.match(WORD) || []);
    if (!words.length) return null;
    const long = words.filter((w) => w.length > LONG_WORD_LETTERS).length;
    const score = Math.round(words.length / sentences.length + (100 * long) / words.length);
    const longest = sentences
      .map((s) => [s, (s.match(WORD) || []).length])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    return { score, longest };
  }

  function truncate(text, length) {
    return text.length > length ? `${text.slice(0, length - 1)}…` : text;
  }

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("post-form");
    if (!form) return;
    const groups = [...form.querySelectorAll(".template-fields")];
    const switchButton = document.getElementById("switch-template");
    const chosenTemplate = () => form.querySelector("input[name=template]:checked")?.value;

    function showTemplate() {
      const key = chosenTemplate();
      groups.forEach((group) => { group.hidden = group.dataset.template !== key; });
    }
    if (switchButton) switchButton.hidden = true;
    form.querySelectorAll("input[name=template]").forEach((radio) => {
      radio.addEventListener("change", () => { showTemplate(); updateLix(); });
    });

    const eventFields = document.getElementById("event-fields");
    function showEventFields() {
      const kind = form.querySelector("input[name=kind]:checked")?.value;
      if (eventFields) eventFields.hidden = kind !== "event";
    }
    form.querySelectorAll("input[name=kind]").forEach((radio) => {
      radio.addEventListener("change", showEventFields);
    });
    showEventFields();

    const panel = document.getElementById("lix");
    const scoreOut = document.getElementById("lix-score");
    const longestOut = document.getElementById("lix-longest");
    const limits = panel ? panel.dataset.limits.split(",").map(Number) : [];
    const labels = panel ? panel.dataset.labels.split("|") : [];
    let timer = null;

    function updateLix() {
      if (!panel) return;
      const visible = groups.find((group) => !group.hidden);
      const texts = [form.querySelector("[name=title]")?.value || ""];
      if (visible) visible.querySelectorAll("textarea").forEach((area) => texts.push(area.value));
      const result = readability(texts.filter(Boolean).join("\n\n"));
      longestOut.replaceChildren();
      if (!result) {
        scoreOut.textContent = panel.dataset.templateNone;
        return;
      }
      const band = labels[limits.findIndex((limit) => result.score < limit)] ?? labels[labels.length - 1];
      const strong = document.createElement("strong");
      strong.textContent = String(result.score);
      scoreOut.replaceChildren(strong, document.createTextNode(` – ${band}`));
      result.longest.forEach(([sentence, count]) => {
        const item = document.createElement("li");
        item.textContent = `${truncate(sentence, 160)} `;
        const countSpan = document.createElement("span");
        countSpan.className = "lix-count";
        countSpan.textContent = `(${count} ${panel.dataset.templateWords})`;
        item.append(countSpan);
        longestOut.append(item);
      });
    }

    form.addEventListener("input", (event) => {
      if (!event.target.matches("textarea, [name=title]")) return;
      clearTimeout(timer);
      timer = setTimeout(updateLix, 1200);
    });

    // Enter in a one-line field saves, with the form's first save button (without this file the
    // browser takes the first button of the form, which shows a template's fields, saving nothing).
    form.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" || event.isComposing) return;
      if (!event.target.matches("input:not([type=checkbox]):not([type=radio]):not([type=submit])")) return;
      event.preventDefault();
      form.querySelector(".button-row [type=submit]")?.click();
    });
  });
})();

// The post form's publication rows: each row's text counted against its channel's limit, and
// "Add a channel" without a round trip (without this file the button re-renders the form).
(() => {
  "use strict";
  const ROW_NAME = /publications-\d+-/g;

  document.addEventListener("DOMContentLoaded", () => {
    const list = document.getElementById("plan-rows-list");
    if (!list) return;
    const limits = JSON.parse(list.dataset.channelLimits || "{}");
    const maxRows = Number(list.dataset.maxRows || "0");

    function updateCount(row) {
      const channel = row.querySelector("select[name$='-channel']");
      const text = row.querySelector("textarea[name$='-text']");
      const out = row.querySelector(".char-count");
      if (!channel || !text || !out) return;
      const limit = limits[channel.value];
      const count = [...text.value.trim()].length;
      out.textContent = !limit ? "" : count > limit
        ? list.dataset.countOver.replace("{over}", String(count - limit))
        : list.dataset.countTemplate.replace("{count}", String(count)).replace("{limit}", String(limit));
      out.classList.toggle("char-count--over", Boolean(limit) && count > limit);
    }

    let timer = null;
    list.addEventListener("change", (event) => {
      const row = event.target.closest(".plan-row");
      if (row) updateCount(row);
    });
    list.addEventListener("input", (event) => {
      const row = event.target.closest(".plan-row");
      if (!row) return;
      clearTimeout(timer);
      timer = setTimeout(() => updateCount(row), 400);
    });
    list.querySelectorAll(".plan-row").forEach(updateCount);

    // A new row: a copy of the last one, renumbered, emptied, without errors and without the
    // checkboxes that only an existing or a past publication has.
    function emptyRow(from, index) {
      const row = from.cloneNode(true);
      row.querySelectorAll("[name$='-cancel'], [name$='-confirm_past']").forEach((input) => {
        input.closest(".ds-field")?.remove();
      });
      row.querySelectorAll(".ds-validation-message").forEach((message) => message.remove());
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((element) => {
        for (const attribute of ["name", "id", "for", "aria-describedby"]) {
          const value = element.getAttribute(attribute);
          if (value) element.setAttribute(attribute, value.replace(ROW_NAME, `publications-${index}-`));
        }
        const described = element.getAttribute("aria-describedby");
        if (described) {
          const kept = described.split(" ").filter((id) => !id.endsWith("-error"));
          if (kept.length) element.setAttribute("aria-describedby", kept.join(" "));
          else element.removeAttribute("aria-describedby");
        }
        element.removeAttribute("aria-invalid");
      });
      row.querySelectorAll("input, textarea, select").forEach((control) => {
        if (control.type === "checkbox") control.checked = false;
        else if (control.tagName === "SELECT") control.selectedIndex = 0;
        else control.value = "";
      });
      const legend = row.querySelector(".plan-row__legend");
      if (legend) legend.textContent = list.dataset.rowLabel.replace("{number}", String(index + 1));
      const count = row.querySelector(".char-count");
      if (count) count.textContent = "";
      return row;
    }

    const add = document.getElementById("add-publication");
    add?.addEventListener("click", (event) => {
      const rows = list.querySelectorAll(".plan-row");
      if (!rows.length || (maxRows && rows.length >= maxRows)) return; // the server says why
      event.preventDefault();
      const row = emptyRow(rows[rows.length - 1], rows.length);
      list.append(row);
      row.querySelector("select")?.focus();
    });
  });
})();

// The publication form: count the characters of the channel text against the channel's limit.
(() => {
  "use strict";
  document.addEventListener("DOMContentLoaded", () => {
    const form = document.getElementById("publication-form");
    if (!form) return;
    const limits = JSON.parse(form.dataset.channelLimits || "{}");
    const channel = form.querySelector("[name=channel]");
    const text = form.querySelector("[name=text]");
    const out = document.getElementById("text-count");
    let timer = null;
    function update() {
      const limit = limits[channel.value];
      const count = [...text.value.trim()].length;
      if (!limit) {
        out.textContent = "";
        return;
      }
      out.textContent = count > limit
        ? form.dataset.countOver.replace("{over}", String(count - limit))
        : form.dataset.countTemplate.replace("{count}", String(count)).replace("{limit}", String(limit));
      out.classList.toggle("char-count--over", count > limit);
    }
    channel.addEventListener("change", update);
    text.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 600); });
    update();
  });
})();
