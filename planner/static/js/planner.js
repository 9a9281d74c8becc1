// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // After a form comes back with errors, move focus to the summary so it is read out first.
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
