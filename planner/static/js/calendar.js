// Drag-and-drop rescheduling in the calendar: a progressive enhancement over each item's
// Reschedule link. Dropping a publication on another day asks the server to move it there; the
// server keeps its local time of day. The result is announced in the page's live region.
document.addEventListener("DOMContentLoaded", () => {
  const calendar = document.querySelector("[data-calendar]");
  const status = document.getElementById("calendar-status");
  const token = document.querySelector('meta[name="csrf-token"]');
  if (!calendar || !status || !token) {
    return;
  }
  const movable = calendar.querySelectorAll("[data-move-url]");
  if (movable.length === 0) {
    return;
  }
  movable.forEach((item) => {
    item.setAttribute("draggable", "true");
    item.classList.add("calendar-item--movable");
  });
  const hint = calendar.querySelector("[data-drag-hint]");
  if (hint) {
    hint.hidden = false;
  }

  let dragged = null;
  let busy = false;

  function announce(message, failed) {
    status.textContent = message;
    status.classList.toggle("calendar-status--error", Boolean(failed));
    status.classList.toggle("calendar-status--done", !failed);
  }

  function dayOf(element) {
    return element instanceof Element ? element.closest("[data-day]") : null;
  }

  function clearTargets() {
    calendar.querySelectorAll(".calendar-day--target").forEach((day) => {
      day.classList.remove("calendar-day--target");
    });
  }

  // Put the item in the day's list in time order (all-day items first), and tidy the day it left.
  function place(item, day) {
    const from = item.parentElement;
    let list = day.querySelector(":scope > .calendar-items");
    if (!list) {
      list = document.createElement("ul");
      list.className = "calendar-items";
      const empty = day.querySelector(":scope > [data-empty]");
      day.insertBefore(list, empty);
    }
    const slot = item.dataset.slot || "";
    const after = Array.from(list.children).find((other) => (other.dataset.slot || "") > slot);
    list.insertBefore(item, after || null);
    const emptyHere = day.querySelector(":scope > [data-empty]");
    if (emptyHere) {
      emptyHere.hidden = true;
    }
    if (from && from !== list && from.children.length === 0) {
      const left = from.parentElement;
      from.remove();
      const emptyThere = left.querySelector(":scope > [data-empty]");
      if (emptyThere) {
        emptyThere.hidden = false;
      } else if (left.closest(".calendar-agenda")) {
        left.remove(); // the agenda leaves out days without publications
      }
    }
  }

  function updateTime(item, data) {
    const time = item.querySelector(".calendar-item__when time");
    if (time && data.day) {
      time.setAttribute("datetime", data.time ? `${data.day}T${data.time}` : data.day);
    }
  }

  function failure(response) {
    const messages = {
      400: calendar.dataset.messageExpired,
      403: calendar.dataset.messageForbidden,
      404: calendar.dataset.messageNotFound,
    };
    return (response && messages[response.status]) || calendar.dataset.messageFailed;
  }

  async function move(item, day) {
    busy = true;
    item.setAttribute("aria-busy", "true");
    announce(calendar.dataset.messageMoving, false);
    const body = new FormData();
    body.append("csrf_token", token.content);
    body.append("day", day.dataset.day);
    body.append("version", item.dataset.version || "");
    let response = null;
    let data = null;
    try {
      response = await fetch(item.dataset.moveUrl, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token.content },
      });
      if ((response.headers.get("Content-Type") || "").includes("application/json")) {
        data = await response.json();
      }
    } catch (error) {
      data = null;
    }
    item.removeAttribute("aria-busy");
    busy = false;
    if (response && response.ok && data && data.ok) {
      place(item, day);
      updateTime(item, data);
      item.dataset.version = String(data.version);
      announce(data.message, false);
    } else {
      announce((data && data.message) || failure(response), true);
    }
  }

  calendar.addEventListener("dragstart", (event) => {
    const item = event.target instanceof Element ? event.target.closest("[data-move-url]") : null;
    if (!item) {
      return;
    }
    if (busy) {
      event.preventDefault();
      return;
    }
    dragged = item;
    item.classList.add("calendar-item--dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.id);
  });

  calendar.addEventListener("dragend", () => {
    if (dragged) {
      dragged.classList.remove("calendar-item--dragging");
    }
    dragged = null;
    clearTargets();
  });

  calendar.addEventListener("dragover", (event) => {
    const day = dayOf(event.target);
    if (!dragged || !day) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!day.classList.contains("calendar-day--target")) {
      clearTargets();
      day.classList.add("calendar-day--target");
    }
  });

  calendar.addEventListener("dragleave", (event) => {
    const day = dayOf(event.target);
    if (day && !day.contains(event.relatedTarget)) {
      day.classList.remove("calendar-day--target");
    }
  });

  calendar.addEventListener("drop", (event) => {
    const day = dayOf(event.target);
    const item = dragged;
    if (!item || !day) {
      return;
    }
    event.preventDefault();
    clearTargets();
    if (dayOf(item) === day) {
      return;
    }
    move(item, day);
  });
});
