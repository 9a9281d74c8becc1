// The comment form's member picker: inserts "@Name " where the cursor is. Without this file the
// picker stays hidden and a mention is typed by hand; the server reads both the same way.
(() => {
  "use strict";

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-mention-picker]").forEach((picker) => {
      const text = document.getElementById(picker.dataset.for);
      const member = picker.querySelector("select");
      const insert = picker.querySelector("[data-insert-mention]");
      if (!text || !member || !insert) return;
      picker.hidden = false;
      insert.addEventListener("click", () => {
        const start = text.selectionStart ?? text.value.length;
        const end = text.selectionEnd ?? start;
        const before = text.value.slice(0, start);
        const space = before && !/\s$/.test(before) ? " " : "";
        const mention = `${space}@${member.value} `;
        text.value = before + mention + text.value.slice(end);
        const cursor = start + mention.length;
        text.focus();
        text.setSelectionRange(cursor, cursor);
      });
    });
  });
})();
