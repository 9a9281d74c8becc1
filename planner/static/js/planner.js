// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // After a form comes back with errors, move focus to the summary so it is read out first.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});

// On a narrow screen the header folds its tools and main menu behind a menu button (the CSS
// decides by the screen's width; on a wide one the button is not shown and nothing is folded).
document.addEventListener("DOMContentLoaded", () => {
  const header = document.querySelector(".site-header");
  const button = header && header.querySelector(".site-menu-button");
  if (!button) {
    return;
  }
  const setFolded = (folded) => {
    header.classList.toggle("is-folded", folded);
    button.setAttribute("aria-expanded", folded ? "false" : "true");
  };
  header.classList.add("site-header--foldable");
  button.hidden = false;
  setFolded(true);
  button.addEventListener("click", () => setFolded(!header.classList.contains("is-folded")));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !header.classList.contains("is-folded")
        && getComputedStyle(button).display !== "none") {
      setFolded(true);
      button.focus();
    }
  });
});
