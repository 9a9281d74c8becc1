// Drag-and-drop rescheduling in the calendar: a progressive enhancement over the Reschedule form
// (the week) and the post page. Dropping a publication on another day asks the server to move it
// there; the server keeps its local time of day. The result is announced in the page's live
// region, with an Undo button after it that moves the publication back the same way.
// Also: the idea backlog's fold (a <details>, which works without this) is remembered.
document.addEventListener("DOMContentLoaded", () => {
  rememberBacklogFold();
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
  // The Undo offered after the last move: the item and the day it came from.
  const undoBox = calendar.querySelector("[data-undo]");
  const undoButton = undoBox ? undoBox.querySelector("button") : null;
  const undoWhat = undoBox ? undoBox.querySelector("[data-undo-what]") : null;
  let undo = null;

  function announce(message, failed) {
    status.textContent = message;
    status.classList.toggle("calendar-status--error", Boolean(failed));
    status.classList.toggle("calendar-status--done", !failed);
  }

  function offerUndo(item, from, offered) {
    if (!undoBox || !undoButton || !offered || !from) {
      return;
    }
    undo = { item, from };
    if (undoWhat) {
      const title = item.querySelector(".calendar-item__title a");
      undoWhat.textContent = title ? ` – ${title.textContent.trim()}` : "";
    }
    undoBox.hidden = false;
  }

  // Hide the Undo (a new move replaces it). Hiding the button that has the focus would drop the
  // focus on the page: it goes to the item's link instead.
  function withdrawUndo(item) {
    undo = null;
    if (!undoBox) {
      return;
    }
    const focused = undoBox.contains(document.activeElement);
    undoBox.hidden = true;
    const link = item.querySelector(".calendar-item__title a");
    if (focused && link) {
      link.focus();
    }
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
    day.hidden = false; // an agenda day hidden when its last item left (below)
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
        // The agenda leaves out days without publications; hidden, not removed, so Undo can
        // put the item back.
        left.hidden = true;
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

  async function move(item, day, undoing) {
    busy = true;
    const from = dayOf(item);
    // Undo by keyboard: the focus goes to the item's link, and stays there when the item moves
    // (moving a node in the page drops the focus it holds).
    const keepFocus = Boolean(undoBox && undoBox.contains(document.activeElement));
    withdrawUndo(item);
    item.setAttribute("aria-busy", "true");
    announce(undoing ? calendar.dataset.messageUndoing : calendar.dataset.messageMoving, false);
    const body = new FormData();
    body.append("csrf_token", token.content);
    body.append("day", day.dataset.day);
    body.append("version", item.dataset.version || "");
    if (undoing) {
      body.append("undo", "1");
    }
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
      if (keepFocus) {
        item.querySelector(".calendar-item__title a")?.focus();
      }
      updateTime(item, data);
      item.dataset.version = String(data.version);
      announce(data.message, false);
      if (!undoing) {
        offerUndo(item, from, data.undo);
      }
    } else {
      announce((data && data.message) || failure(response), true);
    }
  }

  if (undoButton) {
    undoButton.addEventListener("click", () => {
      // The day it came from is still on the page: a drag only moves within the view.
      if (undo && !busy && document.contains(undo.from)) {
        move(undo.item, undo.from, true);
      }
    });
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
    move(item, day, false);
  });
});

// The idea backlog's <details>: folded or open as the person left it last time (in this browser),
// and a class on the layout for browsers without :has(), so the calendar takes the width.
function rememberBacklogFold() {
  const fold = document.querySelector("[data-backlog-fold]");
  if (!fold) {
    return;
  }
  const key = "planner.calendar.backlog";
  const layout = fold.closest(".calendar-layout");
  const show = () => {
    if (layout) {
      layout.classList.toggle("calendar-layout--folded", !fold.open);
    }
  };
  try {
    if (window.localStorage.getItem(key) === "folded") {
      fold.open = false;
    }
  } catch (error) {
    // No storage (private mode, blocked): the fold still works, it is just not remembered.
  }
  show();
  fold.addEventListener("toggle", () => {
    show();
    try {
      window.localStorage.setItem(key, fold.open ? "open" : "folded");
    } catch (error) {
      // As above.
    }
  });
}
