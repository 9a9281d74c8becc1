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
