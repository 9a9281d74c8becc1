// Copy buttons for feed addresses; without JavaScript the read-only fields can be selected and copied.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.getElementById(button.dataset.copy);
    const status = document.getElementById(`${button.dataset.copy}-status`);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(field.value);
      if (status) {
        status.textContent = button.dataset.copied;
        setTimeout(() => { status.textContent = ""; }, 3000);
      }
    });
  });
});
