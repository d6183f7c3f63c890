// Keyboard shortcuts for review. In the queue: j/k next/previous, a accept, r reject (asks
// why), e edit, Enter open. On a fact's page: a accept, r reject, e edit.
"use strict";

(() => {
  const page = document.body.dataset.page;

  function queue() {
    const rows = () => [...document.querySelectorAll("#queue tbody tr[data-fact]")];
    let index = 0;
    const note = document.getElementById("queue-note");

    function select(i) {
      const all = rows();
      if (!all.length) return;
      index = Math.max(0, Math.min(i, all.length - 1));
      all.forEach((row, n) => row.classList.toggle("selected", n === index));
      all[index].scrollIntoView({ block: "nearest" });
    }
    function current() { return rows()[index]; }
    function say(text, error) {
      if (!note) return;
      note.textContent = text;
      note.className = `flash ${error ? "error" : "success"}`;
    }
    function mark(row, status) {
      row.classList.add("done");
      const badge = row.querySelector("[data-status]");
      if (badge) {
        badge.textContent = status;
        badge.className = `badge status-${status}`;
      }
    }
    async function decide(row, action, reason) {
      const id = row.dataset.fact;
      try {
        const body = action === "accept" ? {} : { reason };
        const result = await Tracker.post(`/api/facts/${id}/${action}`, body);
        mark(row, result.review_status);
        say(`Fact ${id} ${result.review_status}.`, false);
        select(index + 1);
      } catch (error) {
        say(`Fact ${id}: ${error.message}`, true);
      }
    }

    document.addEventListener("keydown", (event) => {
      if (Tracker.typing(event) || event.metaKey || event.ctrlKey || event.altKey) return;
      const row = current();
      switch (event.key) {
        case "j": select(index + 1); break;
        case "k": select(index - 1); break;
        case "a": if (row) decide(row, "accept"); break;
        case "r":
          if (row) {
            const reason = window.prompt(`Why reject fact ${row.dataset.fact}?`);
            if (reason && reason.trim()) decide(row, "reject", reason.trim());
          }
          break;
        case "e": if (row) window.location.href = `/facts/${row.dataset.fact}?edit=1&next=${encodeURIComponent(window.location.pathname + window.location.search)}`; break;
        case "Enter": case "o": if (row) window.location.href = `/facts/${row.dataset.fact}`; break;
        default: return;
      }
      event.preventDefault();
    });
    rows().forEach((row, n) => row.addEventListener("click", (event) => {
      if (!event.target.closest("a, button, input")) select(n);
    }));
    select(0);
  }

  function fact() {
    document.addEventListener("keydown", (event) => {
      if (Tracker.typing(event) || event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === "a") document.getElementById("accept-form")?.requestSubmit();
      else if (event.key === "r") document.getElementById("reject-reason")?.focus();
      else if (event.key === "e") {
        const details = document.getElementById("edit");
        if (details) { details.open = true; details.querySelector("input, select, textarea")?.focus(); }
      } else return;
      event.preventDefault();
    });
  }

  if (page === "review") queue();
  if (page === "fact") fact();
})();
